"""French administrative geography (régions, départements, EPCI, communes) shipped as compact data files.

``build`` (with ``sources``, ``joins``, ``writer``) regenerates a file and is build-time only; ``names`` holds
the name key shared with the runtime; the constants below are all a loader needs to find a file.
"""

from pathlib import Path

DEFAULT_REGION = "32"
DATA_DIR = Path(__file__).resolve().parent / "data"
