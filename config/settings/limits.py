"""Limits shared by every runtime mode: request sizes, rates, the discussion rooms' bounds, creations per person.

Every one can be set from the environment (documented in platform/env.example); going over one gets a clear
error and saves nothing (forms, API, WebSocket error frames). Star-imported by ``base``.
"""

from .environment import env

# --- Limits ---------------------------------------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
# Messages of the contact form per IP address and per person ("count/seconds"), counted in the shared cache.
CONTACT_RATE = env.str("CONTACT_RATE", default="5/3600")

# --- Spaces ---------------------------------------------------------------------------------------------
# Limits of the discussion rooms (spaces.limits reads them); every one can be set from the environment.
SPACES_MESSAGE_MAX_LENGTH = env.int("SPACES_MESSAGE_MAX_LENGTH", default=4000)  # characters
SPACES_MAX_FRAME_BYTES = env.int("SPACES_MAX_FRAME_BYTES", default=65_536)  # one WebSocket frame
SPACES_MESSAGE_RATE = env.str("SPACES_MESSAGE_RATE", default="20/60")  # messages / seconds, per person
SPACES_ATTACHMENT_MAX_BYTES = env.int("SPACES_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)
SPACES_ATTACHMENT_MAX_PIXELS = env.int("SPACES_ATTACHMENT_MAX_PIXELS", default=20_000_000)
SPACES_HISTORY_PAGE = env.int("SPACES_HISTORY_PAGE", default=50)  # messages per page of history
SPACES_PRESENCE_TTL = env.int("SPACES_PRESENCE_TTL", default=90)  # seconds without a ping before "offline"
# Past this many people online, a room's presence frames carry a count instead of names.
SPACES_PRESENCE_LIST_MAX = env.int("SPACES_PRESENCE_LIST_MAX", default=50)
# Anti-abuse: how many of each a person (not staff) may create in a window, "count/seconds" (ecosystem.limits).
CREATION_LIMITS = {
    "actor": env.str("LIMIT_ACTORS", default="5/86400"),
    "project": env.str("LIMIT_PROJECTS", default="10/86400"),
    "invitation": env.str("LIMIT_INVITATIONS", default="30/86400"),
    "report": env.str("LIMIT_REPORTS", default="10/86400"),
    "event_message": env.str("LIMIT_EVENT_MESSAGES", default="5/86400"),
    # Only for a person who is a member of no structure yet (ecosystem.limits.check_newcomer_limit).
    "newcomer_direct": env.str("LIMIT_NEWCOMER_DIRECT", default="3/86400"),
}
# Largest PDF attached to an application to a call, in bytes.
CALL_DOCUMENT_MAX_BYTES = env.int("CALL_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)

# --- Spaces: live connections (spaces.consumers) --------------------------------------------------------
# Frames one WebSocket connection may send ("count/seconds", a token bucket): floods are refused with an
# error frame before they reach the database. Messages have their own per-person rate (SPACES_MESSAGE_RATE).
SPACES_FRAME_RATE = env.str("SPACES_FRAME_RATE", default="60/10")
