"""One unit on screen: its card, and the assessment, plan and quality forms that the
inspector's app and the training share."""
