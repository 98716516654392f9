"""Fuzzing with hypothesis: report files through the reader and the renderer, broken .docx through the importer."""
