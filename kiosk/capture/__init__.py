"""Capture: page clean-up, OCR of Chinese filings, searchable PDF per material, field extraction,
content screening. Heavy modules (cv2, pytesseract, pdfium) load only when used.

Entry point for the kiosk: ``kiosk.capture.pipeline.CapturePipeline``.
"""
