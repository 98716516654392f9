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
    # The print dialog (Linux; Windows and macOS show the system's own), its properties and page setup
    "Print": "In",
    "&Print": "&In",
    "&Options >>": "&Tùy chọn >>",
    "&Options <<": "&Tùy chọn <<",
    "Printer": "Máy in",
    "&Name:": "&Tên:",
    "Location:": "Vị trí:",
    "Type:": "Loại:",
    "P&roperties": "Th&uộc tính",
    "Preview": "Xem trước",
    "Output &file:": "&Tệp ra:",
    "Print to File (PDF)": "In ra tệp (PDF)",
    "Print To File ...": "In ra tệp…",
    "Write PDF file": "Ghi tệp PDF",
    "Local file": "Tệp trên máy này",
    "Copies": "Số bản",
    "Options": "Tùy chọn",
    "Print range": "Phạm vi in",
    "Print all": "In tất cả",
    "Pages from": "Các trang từ",
    "to": "đến",
    "Pages": "Các trang",
    "Current Page": "Trang đang xem",
    "Selection": "Phần đã chọn",
    "Page &Set:": "&Nhóm trang:",
    "All Pages": "Mọi trang",
    "Odd Pages": "Trang lẻ",
    "Even Pages": "Trang chẵn",
    "Output Settings": "Cách in",
    "Copies:": "Số bản:",
    "Collate": "In theo bộ",
    "Reverse": "In từ trang cuối",
    "Color Mode": "Màu",
    "Color": "In màu",
    "Grayscale": "Đen trắng",
    "Double Sided Printing": "In hai mặt",
    "Off": "Một mặt",
    "Long side binding": "Lật theo cạnh dài",
    "Short side binding": "Lật theo cạnh ngắn",
    "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
    "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.": (
        "Ghi các trang hoặc khoảng trang, cách nhau bằng dấu phẩy; khoảng trang là hai số nối bằng dấu gạch ngang. "
        "Ví dụ: 3,5-7,9 in các trang 3, 5, 6, 7 và 9."
    ),
    "The 'From' value cannot be greater than the 'To' value.": "Trang «từ» không được lớn hơn trang «đến».",
    "%1 is a directory.\nPlease choose a different file name.": "%1 là một thư mục.\nHãy chọn tên tệp khác.",
    "File %1 is not writable.\nPlease choose a different file name.": (
        "Không ghi được vào tệp %1.\nHãy chọn tên tệp khác."
    ),
    "%1 already exists.\nDo you want to overwrite it?": "%1 đã có.\nBạn có muốn ghi đè không?",
    "Options 'Pages Per Sheet' and 'Page Set' cannot be used together.\nPlease turn one of those options off.": (
        "Không dùng được cùng lúc «Số trang mỗi tờ» và «Nhóm trang».\nHãy tắt một trong hai."
    ),
    "Printer Properties": "Thuộc tính máy in",
    "Job Options": "Tùy chọn lệnh in",
    "Page": "Trang",
    "Advanced": "Nâng cao",
    "There are conflicts in some options. Please fix them.": "Một số tùy chọn mâu thuẫn nhau; hãy sửa lại.",
    "Paper": "Giấy",
    "Page size:": "Khổ giấy:",
    "Width:": "Rộng:",
    "Height:": "Cao:",
    "Paper source:": "Khay giấy:",
    "Orientation": "Hướng giấy",
    "Portrait": "Dọc",
    "Landscape": "Ngang",
    "Reverse landscape": "Ngang, lật ngược",
    "Reverse portrait": "Dọc, lật ngược",
    "Margins": "Lề",
    "top margin": "lề trên",
    "bottom margin": "lề dưới",
    "left margin": "lề trái",
    "right margin": "lề phải",
    "Page Layout": "Bố cục trang",
    "Pages &per sheet:": "Số trang mỗi &tờ:",
    "Page &order:": "&Thứ tự trang:",
    "Millimeters (mm)": "Milimét (mm)",
    "Inches (in)": "Inch (in)",
    "Points (pt)": "Point (pt)",
    "Custom": "Tùy chỉnh",
    "Job": "Lệnh in",
    "Job Control": "Điều khiển lệnh in",
    "Scheduled &printing:": "&Hẹn giờ in:",
    "Print Immediately": "In ngay",
    "Hold Indefinitely": "Giữ lại, chưa in",
    "Specific Time": "Vào lúc",
    "Job &priority:": "Độ &ưu tiên:",
    "Banner Pages": "Trang bìa lệnh in",
    "&Start:": "Đầ&u:",
    "&End:": "&Cuối:",
    "&Billing information:": "Thông tin &tính phí:",
    "None": "Không",
    "Standard": "Tiêu chuẩn",
}


class VietnameseQtTranslator(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        # Anything else is already Vietnamese (the program's own self.tr() texts): it passes through.
        # An empty string would not do: from Python it reaches Qt as a real, empty translation.
        return _TEXTS.get(source, source)

    def isEmpty(self) -> bool:
        return False
