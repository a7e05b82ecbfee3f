"""A slow file email backend for the worker subprocess of ``tests/ecosystem/test_digest_worker.py``.

Each message first leaves a ``<to>-<id>.sending`` marker, then takes ``SLOW_MAIL_SECONDS`` (as a real mail
server may), then is written as ``<to>-<id>.eml`` in ``SLOW_MAIL_DIR``: the test kills the worker while a
marker has no message yet, so mid-run, inside one person's digest, never between the message and the commit.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        outbox = Path(os.environ["SLOW_MAIL_DIR"])
        for message in email_messages:
            name = f"{message.to[0]}-{uuid.uuid4().hex}"
            (outbox / f"{name}.sending").touch()
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.4")))
            (outbox / f"{name}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
