"""Widget parts every app uses: the status line, drafts, choices and the refusal notice."""
