"""Actions: the only code that writes domain data.

The contract, for every module here and in ``spaces.actions`` (after Zulip's ``check_*`` / ``do_*`` split):

- An action a person asks for takes the acting ``user`` first (``update_project(user, project, data)``). It
  checks that person's right itself with ``ecosystem.access`` / ``spaces.access``, even when the view already
  did, and raises ``PermissionDenied`` — the same error for a hidden object as for an unknown one (views,
  which looked the object up with ``get_*_or_404``, answer 404). Then it hands over to its ``do_*`` half.
- ``do_*`` writes (``do_update_project(project, data)``): it validates what the data must respect
  (``ValidationError`` with a message a person can act on, nothing written), writes inside
  ``transaction.atomic``, schedules side effects — search indexing, broadcasts, notifications, emails — with
  ``transaction.on_commit`` (no model signals), and trusts its caller. It is what other actions, the admin
  of reference data (whose permission policy is the check), loaders and commands call.
- Fields are copied onto rows by one helper, :func:`ecosystem.actions.fields.model_update`, from a
  ``<MODEL>_FIELDS`` tuple declared next to the action; the forms build their field lists from that tuple.
- Writers with no person behind them (``notify``, ``load_region``, ``ensure_account``, indexing) are
  trusted writers named for what they do. ``tests/ecosystem/test_action_contract.py`` reads every action
  module and fails on a public function that writes unless it is a ``do_*`` half or a trusted writer it lists.
"""
