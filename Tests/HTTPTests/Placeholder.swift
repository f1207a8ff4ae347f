// Placeholder until the suite gets content.
