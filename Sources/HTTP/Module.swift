// Placeholder until the module gets content.
