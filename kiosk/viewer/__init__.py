"""The document viewer's working parts off the Kivy thread: PDFium rendering with the watermark
drawn into every bitmap, the public documents kept on this kiosk, the sample documents."""
