"""Vietnamese for the texts Qt draws itself (context menus, message box details, file dialogs).

Qt ships no Vietnamese translation; rather than a .qm catalogue for a few dozen strings, a small
translator answers them. Accelerator ampersands are kept where Qt's text has one.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

_TEXTS = {
    # Text fields' context menu (QLineEdit, QTextEdit, QPlainTextEdit, QWidgetTextControl)
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "Copy &Link Location": "Sao chép địa chỉ liên &kết",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
    # Message boxes and button boxes
    "Show Details...": "Xem chi tiết…",
    "Hide Details...": "Ẩn chi tiết…",
    "OK": "Đồng ý",
    "Cancel": "Hủy",
    "&Yes": "&Có",
    "&No": "&Không",
    "Close": "Đóng",
    "Apply": "Áp dụng",
    "Help": "Trợ giúp",
    "Save": "Lưu",
    "Open": "Mở",
    "&Open": "&Mở",
    "&Save": "&Lưu",
    "&Choose": "&Chọn",
    # File dialog
    "Look in:": "Thư mục:",
    "File &name:": "&Tên tệp:",
    "Files of type:": "Loại tệp:",
    "Back": "Quay lại",
    "Forward": "Tiến tới",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "List View": "Xem dạng danh sách",
    "Detail View": "Xem chi tiết",
    "Name": "Tên",
    "Size": "Kích thước",
    "Type": "Loại",
    "Date Modified": "Ngày sửa",
    "My Computer": "Máy tính",
    "Computer": "Máy tính",
    "New Folder": "Thư mục mới",
    "&Rename": "Đổi &tên",
    "&Delete": "&Xóa",
    "Show &hidden files": "Hiện tệp &ẩn",
    "All Files (*)": "Mọi tệp (*)",
    "Directory:": "Thư mục:",
    "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nBạn có muốn thay tệp đó không?",
    # Spin boxes and date fields
    "&Step up": "&Tăng",
    "Step &down": "&Giảm",
    # Wizards and scroll bars
    "< &Back": "< &Trước",
    "&Next >": "&Tiếp >",
    "&Finish": "&Xong",
    "Scroll here": "Cuộn tới đây",
    "Top": "Đầu",
    "Bottom": "Cuối",
}


class VietnameseQtTranslator(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        # Anything else is already Vietnamese (the program's own self.tr() texts): it passes through.
        # An empty string would not do: from Python it reaches Qt as a real, empty translation.
        return _TEXTS.get(source, source)

    def isEmpty(self) -> bool:
        return False
