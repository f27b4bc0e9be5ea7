"""MySay backend: the record of children's views, who may read them, and the audit of every read."""
