"""Actions: the only code that writes domain data.

Each action validates, writes inside a transaction and schedules its side effects (indexing, broadcasts,
notifications, emails) with ``transaction.on_commit``. Views, forms, admin hooks and consumers call them.
"""
