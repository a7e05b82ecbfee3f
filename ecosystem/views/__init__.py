"""Front-office views of the ecosystem: thin — parse input, ask ecosystem.access, call an action."""
