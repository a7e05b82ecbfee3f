"""Front-office forms: parsing and validation of what people type; writes happen in actions."""
