"""The conversation engine: learner state and input in, replies, new state and events out."""
