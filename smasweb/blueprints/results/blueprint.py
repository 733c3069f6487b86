"""The results (kết quả học tập, rèn luyện) blueprint object, shared by its route
modules."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/results")
