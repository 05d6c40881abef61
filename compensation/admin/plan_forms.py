"""A plan version's rules as forms: the plan-wide figures, the ranks (requirements and a
name in each language), unilevel levels, binary, matching generations, fast start and
the payout cap, each value in a field of its own.

The forms build the plan file's JSON (the reference plan's format) and check it with the
engine's own parser (`compensation.plan.parse_plan`), so what the forms accept is exactly
what a commission run accepts. The parser stops at its first problem; here each problem
is shown on the field it names, the value set aside, and the plan parsed again, so every
invalid field gets its message at once.

Parts of a plan the forms do not edit (a forced matrix, stair-step, rank advancement
bonuses, or keys of a company's own) are kept as they are: they stay editable in the
JSON view (`admin_compensation.PlanVersionForm`).
"""

import copy
import json
import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet, formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.formsets import BaseFormSetMixin

from compensation.engine.plan import REFERENCE_PLAN_FILE, PlanError, parse_plan
from compensation.models import PlanVersion

# A new plan version starts from the reference plan, the format's worked example.
STARTING_PLAN = REFERENCE_PLAN_FILE
# The plan's top-level keys these forms own; any other key is kept as it was.
EDITED_KEYS = ("currency", "active_pv", "ranks", "unilevel", "binary", "matching",
               "fast_start", "payout_cap_percent")
# Top-level keys of the format that only the JSON view edits (named on the form).
JSON_ONLY_PARTS = {
    "matrix": gettext_lazy("forced matrix"),
    "stair_step": gettext_lazy("stair-step differentials and breakaway"),
    "rank_advancement": gettext_lazy("rank advancement bonuses"),
}
COMPRESSION_CHOICES = [
    ("dynamic", gettext_lazy("Dynamic: an inactive upline is skipped, the level passes up")),
    ("none", gettext_lazy("None: an inactive upline uses up the level")),
]
# How many times the parser is asked again after setting a problem aside.
MAX_PROBLEMS = 50


def starting_rules():
    return json.loads(STARTING_PLAN.read_text(encoding="utf-8"))


def rank_name_languages():
    return [code for code, _name in settings.LANGUAGES]


def as_text(number):
    """A Decimal as the plan file writes it: a plain decimal string ("5", "2.50")."""
    return format(number, "f")


def percent_field(label, required=True, help_text=""):
    return forms.DecimalField(
        label=label, min_value=Decimal(0), required=required, help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


def amount_field(label, required=True, help_text=""):
    return percent_field(label, required=required, help_text=help_text)


class PlanFormSet(BaseFormSetMixin, BaseFormSet):
    """Rows added and removed in the browser (Wagtail's w-formset controller)."""

    def filled_forms(self):
        """The rows that make the plan, in order: not deleted, not left blank."""
        return [
            form for form in self.forms
            if not (self.can_delete and self._should_delete_form(form))
            and (form.has_changed() or not form.empty_permitted)
        ]


class PlanRowForm(forms.Form):
    """A row of a table of levels or generations; a column's hint is in its heading, once,
    not under every row's field."""

    hints = {}

    def columns(self):
        return [{"label": field.label, "hint": self.hints.get(field.name, "")}
                for field in self.visible_fields()]


class LevelForm(PlanRowForm):
    percent = percent_field(gettext_lazy("Percent"))


class GenerationForm(PlanRowForm):
    percent = percent_field(gettext_lazy("Percent"))
    min_rank = forms.CharField(label=gettext_lazy("Paid from rank"), max_length=60,
                               required=False)
    hints = {"min_rank": gettext_lazy("A rank code; empty: every rank.")}


class RankForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"), max_length=60,
        help_text=gettext_lazy("As the files and reports name it, e.g. manager."),
    )
    min_pv = amount_field(gettext_lazy("Personal volume at least"))
    min_gv = amount_field(gettext_lazy("Group volume at least"))
    unilevel_depth = forms.IntegerField(
        label=gettext_lazy("Unilevel levels paid"), min_value=0,
    )
    binary_cap = amount_field(gettext_lazy("Binary cap"))
    legs_count = forms.IntegerField(
        label=gettext_lazy("Qualified legs"), min_value=1, required=False,
        help_text=gettext_lazy("Empty: no leg requirement."),
    )
    legs_min_rank = forms.CharField(
        label=gettext_lazy("Leg rank at least"), max_length=60, required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for language, label in settings.LANGUAGES:
            self.fields[f"name_{language}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": label},
                max_length=80, required=False,
            )

    def name_fields(self):
        return [self[f"name_{language}"] for language in rank_name_languages()]

    def requirement_fields(self):
        return [self[name] for name in ("min_pv", "min_gv", "unilevel_depth", "binary_cap",
                                        "legs_count", "legs_min_rank")]

    def clean(self):
        cleaned_data = super().clean()
        count, rank = cleaned_data.get("legs_count"), cleaned_data.get("legs_min_rank")
        if count and not rank and "legs_min_rank" not in self.errors:
            self.add_error("legs_min_rank", _("Name the rank the legs need."))
        if rank and not count and "legs_count" not in self.errors:
            self.add_error("legs_count", _("Say how many legs need that rank."))
        return cleaned_data


class RankRows(PlanFormSet):
    def clean(self):
        if not any(form.errors for form in self.forms) and not self.filled_forms():
            raise ValidationError(_("A plan needs at least one rank."))


def add_non_form_error(formset, message):
    formset._non_form_errors = formset.error_class(
        [*formset.non_form_errors(), message], renderer=formset.renderer
    )


def plan_formset(form, rows=PlanFormSet):
    return formset_factory(form, formset=rows, extra=0, can_delete=True)


LevelFormSet = plan_formset(LevelForm)
GenerationFormSet = plan_formset(GenerationForm)
RankFormSet = plan_formset(RankForm, RankRows)


class PlanSettingsForm(forms.Form):
    """The plan-wide figures and the switches of each bonus."""

    currency = forms.CharField(
        label=gettext_lazy("Currency"), min_length=3, max_length=3,
        help_text=gettext_lazy("Three letters, e.g. EUR."),
    )
    active_pv = amount_field(
        gettext_lazy("Active from personal volume"),
        help_text=gettext_lazy("A partner with this personal volume in the period is active."),
    )
    payout_cap_percent = percent_field(
        gettext_lazy("Payout cap, percent of volume"), required=False,
        help_text=gettext_lazy("Empty: no cap. Over it, every line of the period is scaled "
                               "down by one factor."),
    )
    unilevel_compression = forms.ChoiceField(
        label=gettext_lazy("Compression"), choices=COMPRESSION_CHOICES,
        widget=forms.RadioSelect, initial="dynamic",
    )
    binary_enabled = forms.BooleanField(label=gettext_lazy("Pay a binary bonus"),
                                        required=False)
    binary_percent = percent_field(gettext_lazy("Percent of the weaker leg"), required=False)
    binary_sponsored_active_each_leg = forms.IntegerField(
        label=gettext_lazy("Active personally sponsored partners needed in each leg"),
        min_value=0, initial=0,
    )
    binary_carry_cap = amount_field(
        gettext_lazy("Carry cap"), required=False,
        help_text=gettext_lazy("Empty: volume carries over without a limit."),
    )
    binary_flush_inactive = forms.BooleanField(
        label=gettext_lazy("An inactive partner's carried volume is lost"), required=False,
    )
    fast_start_days = forms.IntegerField(
        label=gettext_lazy("Days after joining"), min_value=0, required=False,
        help_text=gettext_lazy("Orders of a newcomer within these days pay the fast start "
                               "bonus to their sponsors."),
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("binary_enabled") and cleaned_data.get("binary_percent") is None \
                and "binary_percent" not in self.errors:
            self.add_error("binary_percent", _("Give the binary bonus's percent."))
        return cleaned_data


def _decimal_initial(value):
    return value if value is None else str(value)


class PlanRulesEditor:
    """The forms and row sets of one plan's rules, built from its JSON (`rules`) and, when
    posted, turned back into it (`rules()` after `is_valid()`)."""

    def __init__(self, data=None, rules=None):
        self.base = copy.deepcopy(rules) if isinstance(rules, dict) else starting_rules()
        base = self.base
        unilevel = base.get("unilevel") or {}
        binary = base.get("binary") or {}
        matching = base.get("matching") or {}
        fast_start = base.get("fast_start") or {}
        self.settings = PlanSettingsForm(data, prefix="plan", initial={
            "currency": base.get("currency", ""),
            "active_pv": _decimal_initial(base.get("active_pv", "0")),
            "payout_cap_percent": _decimal_initial(base.get("payout_cap_percent")),
            "unilevel_compression": unilevel.get("compression", "dynamic"),
            "binary_enabled": bool(binary),
            "binary_percent": _decimal_initial(binary.get("percent")),
            "binary_sponsored_active_each_leg": binary.get("sponsored_active_each_leg", 0),
            "binary_carry_cap": _decimal_initial(binary.get("carry_cap")),
            "binary_flush_inactive": binary.get("flush_inactive") is True,
            "fast_start_days": fast_start.get("days"),
        })
        self.ranks = RankFormSet(data, prefix="ranks", initial=[
            self._rank_initial(rank) for rank in base.get("ranks") or []
            if isinstance(rank, dict)
        ])
        self.unilevel_levels = LevelFormSet(data, prefix="unilevel", initial=[
            {"percent": _decimal_initial(value)} for value in unilevel.get("percent") or []
        ])
        self.generations = GenerationFormSet(data, prefix="matching", initial=[
            {"percent": _decimal_initial(item.get("percent")),
             "min_rank": item.get("min_rank", "")}
            for item in matching.get("generations") or [] if isinstance(item, dict)
        ])
        self.fast_start_levels = LevelFormSet(data, prefix="fast_start", initial=[
            {"percent": _decimal_initial(value)} for value in fast_start.get("percent") or []
        ])
        self.problems = []  # messages for the plan as a whole

    @staticmethod
    def _rank_initial(rank):
        legs = rank.get("legs") if isinstance(rank.get("legs"), dict) else {}
        name = rank.get("name")
        if isinstance(name, str):
            name = {settings.LANGUAGE_CODE: name}
        name = name if isinstance(name, dict) else {}
        return {
            "code": rank.get("code", ""),
            "min_pv": _decimal_initial(rank.get("min_pv", "0")),
            "min_gv": _decimal_initial(rank.get("min_gv", "0")),
            "unilevel_depth": rank.get("unilevel_depth", 0),
            "binary_cap": _decimal_initial(rank.get("binary_cap", "0")),
            "legs_count": legs.get("count"),
            "legs_min_rank": legs.get("min_rank", ""),
            **{f"name_{language}": name.get(language, "") for language in rank_name_languages()},
        }

    @property
    def formsets(self):
        return [self.ranks, self.unilevel_levels, self.generations, self.fast_start_levels]

    def json_only_parts(self):
        """The parts of this plan only the JSON view edits, by their names."""
        return [str(label) for key, label in JSON_ONLY_PARTS.items() if self.base.get(key)]

    @property
    def media(self):
        return self.settings.media

    # --- from the forms to the plan file ------------------------------------------------

    def is_valid(self):
        valid = self.settings.is_valid()
        valid = all([formset.is_valid() for formset in self.formsets]) and valid
        if not valid:
            return False
        self._rules = self._build_rules()
        return self._check_with_the_parser()

    def rules(self):
        """The plan's JSON from the forms (after `is_valid()` returned True)."""
        return self._rules

    def _build_rules(self):
        settings_data = self.settings.cleaned_data
        rules = copy.deepcopy(self.base)
        for key in EDITED_KEYS:
            rules.pop(key, None)
        rules["currency"] = settings_data["currency"].upper()
        rules["active_pv"] = as_text(settings_data["active_pv"])
        self.rank_rows = self.ranks.filled_forms()
        rules["ranks"] = [self._rank_rules(form.cleaned_data) for form in self.rank_rows]

        self.unilevel_rows = self.unilevel_levels.filled_forms()
        if self.unilevel_rows:
            rules["unilevel"] = {
                **(self.base.get("unilevel") or {}),
                "percent": [as_text(form.cleaned_data["percent"]) for form in self.unilevel_rows],
                "compression": settings_data["unilevel_compression"],
            }
        if settings_data["binary_enabled"]:
            binary = dict(self.base.get("binary") or {})
            binary["percent"] = as_text(settings_data["binary_percent"])
            binary["sponsored_active_each_leg"] = settings_data["binary_sponsored_active_each_leg"]
            if settings_data["binary_carry_cap"] is None:
                binary.pop("carry_cap", None)
            else:
                binary["carry_cap"] = as_text(settings_data["binary_carry_cap"])
            if settings_data["binary_flush_inactive"] or "flush_inactive" in binary:
                binary["flush_inactive"] = settings_data["binary_flush_inactive"]
            rules["binary"] = binary

        self.generation_rows = self.generations.filled_forms()
        if self.generation_rows:
            matching = dict(self.base.get("matching") or {})
            matching.setdefault("base", "unilevel")
            matching["generations"] = []
            for form in self.generation_rows:
                generation = {"percent": as_text(form.cleaned_data["percent"])}
                if form.cleaned_data["min_rank"]:
                    generation["min_rank"] = form.cleaned_data["min_rank"].strip()
                matching["generations"].append(generation)
            rules["matching"] = matching

        self.fast_start_rows = self.fast_start_levels.filled_forms()
        days = settings_data["fast_start_days"]
        if self.fast_start_rows or days:
            rules["fast_start"] = {
                **(self.base.get("fast_start") or {}),
                "days": days or 0,
                "percent": [as_text(form.cleaned_data["percent"])
                            for form in self.fast_start_rows],
            }
        if settings_data["payout_cap_percent"] is not None:
            rules["payout_cap_percent"] = as_text(settings_data["payout_cap_percent"])
        return rules

    @staticmethod
    def _rank_rules(data):
        rank = {"code": data["code"].strip()}
        names = {language: data[f"name_{language}"].strip()
                 for language in rank_name_languages() if data[f"name_{language}"].strip()}
        if names:
            rank["name"] = names
        rank.update({
            "min_pv": as_text(data["min_pv"]),
            "min_gv": as_text(data["min_gv"]),
            "unilevel_depth": data["unilevel_depth"],
            "binary_cap": as_text(data["binary_cap"]),
        })
        if data["legs_count"]:
            rank["legs"] = {"count": data["legs_count"], "min_rank": data["legs_min_rank"].strip()}
        return rank

    # --- the parser's verdict, on the fields it names ------------------------------------

    def _check_with_the_parser(self):
        rules = copy.deepcopy(self._rules)
        seen = set()
        for _attempt in range(MAX_PROBLEMS):
            try:
                parse_plan(rules, "rules")
            except PlanError as error:
                if error.where in seen:
                    break
                seen.add(error.where)
                self._show(error)
                if not set_aside(rules, error.where):
                    break
            else:
                break
        return not seen

    def _show(self, error):
        message = problem_message(error)
        target = self._field_of(error.where)
        if target is None:
            self.problems.append(message)
            return
        form, field = target
        if field is None:
            add_non_form_error(form, message)
        elif field not in form.errors:
            form.add_error(field, message)

    def _field_of(self, where):
        """(form, field name) of a parser location; (formset, None) for a row set's own
        problem; None for a part of the plan the forms do not show."""
        if where == "ranks":
            return self.ranks, None
        if match := re.fullmatch(r"ranks\[(\d+)\](?:\.(\w+)(?:\.(\w+))?)?", where):
            row = self.rank_rows[int(match.group(1))]
            key, sub = match.group(2), match.group(3)
            if key is None:
                return row, "code"
            if key == "legs":
                return row, "legs_min_rank" if sub == "min_rank" else "legs_count"
            return (row, key) if key in row.fields else None
        rows = {"unilevel.percent": "unilevel_rows", "fast_start.percent": "fast_start_rows"}
        if match := re.fullmatch(r"(unilevel\.percent|fast_start\.percent)\[(\d+)\]", where):
            return getattr(self, rows[match.group(1)])[int(match.group(2))], "percent"
        if match := re.fullmatch(r"matching\.generations\[(\d+)\]\.(percent|min_rank)", where):
            return self.generation_rows[int(match.group(1))], match.group(2)
        # The plan-wide fields are named after their key: binary.percent → binary_percent.
        name = where.replace(".", "_")
        return (self.settings, name) if name in self.settings.fields else None


def set_aside(rules, where):
    """Take the value the parser named at `where` out of `rules` (in place), so a second
    parse looks past it: a list item becomes zero, a key is removed, a rank's code is made
    unique. False when the location cannot be set aside (the plan as a whole)."""
    tokens = re.findall(r"[^.\[\]]+|\[\d+\]", where)
    if not tokens or tokens[0] in ("file", "ranks") and len(tokens) == 1:
        return False
    grandparent, parent, key = None, None, None
    node = rules
    for token in tokens:
        grandparent, parent = parent, node
        key = int(token[1:-1]) if token.startswith("[") else token
        try:
            node = parent[key]
        except (KeyError, IndexError, TypeError):
            return False
    if tokens[-2:] == ["legs", "min_rank"]:
        del grandparent["legs"]  # without its rank the legs requirement is no longer one
    elif isinstance(parent, list) and tokens[0] == "ranks" and len(tokens) == 2:
        node["code"] = f"\x00set-aside-{key}"  # a duplicate code: any code nobody uses
    elif isinstance(parent, list):
        parent[key] = "0"
    elif isinstance(parent, dict):
        del parent[key]
    else:
        return False
    return True


_QUOTED = r"""(['"])(.*)\1"""


def problem_message(error):
    """The parser's problem in the operator's language (it speaks English, for files)."""
    problem = error.problem
    if error.where.split(".")[0].split("[")[0] in JSON_ONLY_PARTS:
        return _("In the part edited as JSON, %(key)s: %(problem)s") % {
            "key": error.where, "problem": problem,
        }
    if match := re.fullmatch(r"duplicate rank code " + _QUOTED, problem):
        return _("Another rank already has the code “%(code)s”.") % {"code": match.group(2)}
    if match := re.fullmatch(r"unknown rank " + _QUOTED, problem):
        return _("There is no rank with the code “%(code)s”.") % {"code": match.group(2)}
    if problem == "at least one rank is needed":
        return _("A plan needs at least one rank.")
    if problem == "only unilevel earnings can be matched":
        return _("Only unilevel earnings can be matched.")
    if match := re.fullmatch(r"must be at most (\S+): .*", problem):
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": match.group(1)}
    if match := re.fullmatch(r"at most (\d+) levels, found (\d+)", problem):
        return _("A plan pays at most %(limit)s levels here; this one has %(count)s.") % {
            "limit": match.group(1), "count": match.group(2)}
    return _("%(key)s: %(problem)s") % {"key": error.where, "problem": problem}


class PlanVersionEditorForm(forms.ModelForm):
    """A plan version's name, number and date, with its rules edited in forms
    (`self.editor`); valid only when the rules are."""

    class Meta:
        model = PlanVersion
        fields = ["name", "version", "effective_from"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        rules = self.instance.rules if self.instance.pk else None
        self.editor = PlanRulesEditor(self.data if self.is_bound else None, rules)

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        if day.day != 1:
            raise ValidationError(_("A plan comes into force on the first day of a month."))
        return day

    def clean(self):
        cleaned_data = super().clean()
        if not self.editor.is_valid():
            raise ValidationError([
                _("The plan has problems; each is shown at its field below."),
                *self.editor.problems,
            ], code="plan")
        self.instance.rules = self.editor.rules()
        return cleaned_data

    @property
    def media(self):
        return super().media + self.editor.media
