"""The qualities (phẩm chất chủ yếu) and competences (năng lực) a primary pupil is
assessed on (TT 27/2020 Điều 6 khoản 2; Chương trình GDPT 2018), as the item codes
of their PrimaryEvaluation rows, with the levels Tốt / Đạt / Cần cố gắng."""

from smasweb.services.assessment import tt27

QUALITIES = {
    "pc_yeu_nuoc": "Yêu nước",
    "pc_nhan_ai": "Nhân ái",
    "pc_cham_chi": "Chăm chỉ",
    "pc_trung_thuc": "Trung thực",
    "pc_trach_nhiem": "Trách nhiệm",
}
GENERAL_COMPETENCES = {
    "nl_tu_chu": "Tự chủ và tự học",
    "nl_giao_tiep": "Giao tiếp và hợp tác",
    "nl_gqvd": "Giải quyết vấn đề và sáng tạo",
}
SPECIFIC_COMPETENCES = {
    "nl_ngon_ngu": "Ngôn ngữ",
    "nl_tinh_toan": "Tính toán",
    "nl_khoa_hoc": "Khoa học",
    "nl_cong_nghe": "Công nghệ",
    "nl_tin_hoc": "Tin học",
    "nl_tham_mi": "Thẩm mĩ",
    "nl_the_chat": "Thể chất",
}
COMPETENCES = {**GENERAL_COMPETENCES, **SPECIFIC_COMPETENCES}
ITEMS = {**QUALITIES, **COMPETENCES}
# Best first, as the form's select offers them.
LEVELS = {code: tt27.TRAIT_LABELS[code] for code in reversed(tt27.TRAIT_LEVELS)}
SHORT = {tt27.TRAIT_GOOD: "T", tt27.TRAIT_MET: "Đ", tt27.TRAIT_TRY: "C"}
