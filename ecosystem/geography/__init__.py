"""French administrative geography (régions, départements, EPCI, communes) shipped as compact data files."""
