"""The forms of THCS graduation: the council's decision of a round."""

from smasweb.blueprints.forms_common import AppForm, date_field, text_field
from smasweb.models.graduation import NUMBER_LENGTH, PERSON_LENGTH


class DecisionForm(AppForm):
    number = text_field("Số quyết định", NUMBER_LENGTH, required=True)
    signed_on = date_field("Ngày quyết định (dd/mm/yyyy)", required=True)
    signer_name = text_field("Người ký", PERSON_LENGTH, required=True)
    signer_title = text_field("Chức vụ người ký", PERSON_LENGTH, required=True)
