"""The review page: a person decides the items the tool could not settle, one click per item."""
