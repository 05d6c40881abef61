"""Forms of the operators' network admin: choosing a partner by code or id, staff moves in
the two trees, sign-up review decisions and the partners.csv upload.

A partner is always chosen by typing a reference (referral code, external id or `#id`),
never from a list: a select of a million partners would not render.
"""

import codecs
import io
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from network import codes
from network.models import Leg, Partner

# An upload larger than this is refused before it is read (about 2.5M rows of partners.csv).
IMPORT_MAX_BYTES = 200 * 1024 * 1024
# Content types browsers send for a .csv file; anything else is not a CSV.
CSV_CONTENT_TYPES = {
    "text/csv", "text/plain", "application/csv", "text/x-csv", "application/vnd.ms-excel",
    "application/octet-stream", "",
}
_ID_REFERENCE = re.compile(r"^#(\d{1,18})$")


def find_partner(reference, queryset=None):
    """The partner a typed reference names, or None.

    `#42` is the database id; otherwise the referral code (any letter case), then the
    external id from the vendor the network came from, then a bare number as the id.
    Each is one indexed lookup.
    """
    queryset = Partner.objects.all() if queryset is None else queryset
    text = (reference or "").strip()
    if not text:
        return None
    if match := _ID_REFERENCE.match(text):
        return queryset.filter(pk=int(match.group(1))).first()
    partner = queryset.filter(referral_code=codes.normalize(text)).first()
    if partner is None:
        partner = queryset.filter(external_id=text).first()
    if partner is None and text.isdigit() and len(text) <= 18:
        partner = queryset.filter(pk=int(text)).first()
    return partner


class PartnerReferenceField(forms.ModelChoiceField):
    """A partner typed as a referral code, an external id or `#id`."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid_choice": _("No partner has this referral code, external id or id."),
    }

    def __init__(self, queryset=None, **kwargs):
        hint = _("A referral code, an external id, or # followed by the id.")
        given = kwargs.get("help_text")
        kwargs["help_text"] = format_lazy("{} {}", given, hint) if given else hint
        kwargs.pop("to_field_name", None)
        kwargs.pop("limit_choices_to", None)
        kwargs.pop("blank", None)
        super().__init__(
            queryset=Partner.objects.all() if queryset is None else queryset,
            empty_label=None, **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, Partner):
            return value.referral_code
        if isinstance(value, int):  # a model form's initial value is the foreign key
            return (
                self.queryset.filter(pk=value).values_list("referral_code", flat=True).first()
                or f"#{value}"
            )
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Partner):
            return value
        partner = find_partner(str(value), self.queryset)
        if partner is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return partner

    def has_changed(self, initial, data):
        return str(self.prepare_value(initial) or "") != str(data or "").strip()


class ChangeSponsorForm(forms.Form):
    new_sponsor = PartnerReferenceField(label=_("New sponsor"))
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit and sent to the sponsors affected."),
    )


class ChangePlacementForm(forms.Form):
    new_parent = PartnerReferenceField(label=_("New placement parent"))
    leg = forms.ChoiceField(label=_("Leg"), choices=Leg.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit and sent to the partner's sponsor."),
    )


class ReviewDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the review."),
    )

    def __init__(self, *args, approve, **kwargs):
        super().__init__(*args, **kwargs)
        self.approve = approve
        if not approve:
            self.fields["note"].required = True
            self.fields["note"].help_text = _("Say why the sign-up is rejected.")


class ImportPartnersForm(forms.Form):
    file = forms.FileField(
        label=_("partners.csv"),
        help_text=_(
            "UTF-8 CSV with the columns id, sponsor_id, placement_parent_id, placement_leg, "
            "joined_at, status; at most 200 MB. Every row is checked first: either all "
            "are imported or none."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s MB.")
                % {"limit": IMPORT_MAX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        if not upload.name.lower().endswith(".csv") or (
            (upload.content_type or "").split(";")[0].strip().lower() not in CSV_CONTENT_TYPES
        ):
            raise ValidationError(_("Upload a .csv file."), code="not_csv")
        head = upload.read(64 * 1024)
        upload.seek(0)
        if b"\x00" in head or not _decodes_as_utf8(head):
            raise ValidationError(
                _("The file is not UTF-8 text; save it as “CSV UTF-8” and try again."),
                code="not_utf8",
            )
        return upload

    def text_stream(self):
        """The uploaded file as text, read lazily (it may be hundreds of megabytes)."""
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")


def _decodes_as_utf8(head):
    # The first chunk may end inside a multi-byte character: decode incrementally.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True
