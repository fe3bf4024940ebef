"""Result models: what an assessment or a website check produced (the JSON contracts renderers read)."""
