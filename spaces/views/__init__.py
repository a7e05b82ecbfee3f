"""The web side of the spaces: pages that work without JavaScript, one module per area.

Views stay thin: ``spaces.access`` decides who sees what (404 for outsiders, login for anonymous visitors),
``spaces.actions`` do every write, and forms keep what was typed when an action refuses it.
"""
