"""The parts of `RecordService` (bot/service.py), one concern each."""
