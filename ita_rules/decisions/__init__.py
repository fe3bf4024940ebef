"""A person's decisions on items the tool could not settle: the file, its validation, applying and agreement."""
