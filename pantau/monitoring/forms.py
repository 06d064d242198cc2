from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pantau.lib.forms import formfield_assuming_https
from pantau.lib.normalise import normalise_handle
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.monitoring.post_check import caption_problem
from pantau.registry.models import Lksa

MAX_IMPORT_MB = 20


class AccountForm(forms.ModelForm[MonitoredAccount]):
    class Meta:
        formfield_callback = formfield_assuming_https
        model = MonitoredAccount
        fields = ["platform", "handle", "url", "lksa", "note"]
        help_texts = {
            "handle": _("As shown on the platform, with or without @ (e.g. @panti.kasih.bunda)."),
            "lksa": _("The home the account speaks for, when known. Leave empty for an unknown operator."),
        }

    def __init__(self, *args: Any, homes: QuerySet[Lksa], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lksa"].queryset = homes.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        handle = normalise_handle(data.get("handle", ""))
        if "handle" in self.errors:
            pass  # already said: the field is required
        elif not handle:
            self.add_error("handle", _("Give the account's handle."))
        # Whether it may be monitored here (jurisdiction, already monitored) is the service's decision.
        return data


class CaptureForm(forms.ModelForm[Post]):
    screenshot_file = forms.FileField(
        label=_("Screenshot"),
        required=False,
        help_text=_("JPEG, PNG or PDF. It is kept private and shown only on request (it may show children)."),
    )

    class Meta:
        formfield_callback = formfield_assuming_https
        model = Post
        fields = ["account", "text", "posted_at", "is_live", "gift_count", "earnings_idr", "url"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "posted_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "text": _(
                "Caption, post text, or what was said on the live stream. "
                "Children's names are masked in the queue."
            ),
            "gift_count": _("Gifts counted on a live stream, when known."),
        }

    def __init__(self, *args: Any, accounts: QuerySet[MonitoredAccount], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts.select_related("lksa")  # type: ignore[attr-defined]
        self.fields["posted_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not self.files.get("screenshot_file"):
            raise forms.ValidationError(
                _("Give the text of the post or a screenshot: there is nothing to screen.")
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (JSON Lines or CSV)"),
        help_text=format_lazy(
            _("One post per line; see the format below. At most {mb} MB."), mb=MAX_IMPORT_MB
        ),
    )
    account = forms.ModelChoiceField(
        label=_("Account for lines without one"),
        queryset=MonitoredAccount.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, accounts: QuerySet[MonitoredAccount], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts  # type: ignore[attr-defined]

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_IMPORT_MB})
        try:
            text: str = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text (JSON Lines or CSV).")) from error
        if "\x00" in text:  # valid UTF-8 but binary: a renamed program or archive, not a list of posts
            raise forms.ValidationError(_("The file is not UTF-8 text (JSON Lines or CSV)."))
        if not text.strip():
            raise forms.ValidationError(_("The file is empty."))
        return text


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Post.Decision.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note (what you saw; goes with a concern or referral)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    appeal = forms.BooleanField(
        label=_("The post asks the public for donations (a fundraising appeal)"),
        required=False,
        help_text=_(
            "Marks the account's home as seen asking for donations, next to what the home declared itself."
        ),
    )


class PostCheckForm(forms.Form):
    caption = forms.CharField(
        label=_("Caption or script of the post"),
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=False,
    )
    is_live = forms.BooleanField(label=_("It will be a live stream"), required=False)
    children_shown = forms.BooleanField(label=_("Children are shown (faces)"), required=False)
    asks_money = forms.BooleanField(label=_("It asks for money or gifts"), required=False)
    lksa = forms.ModelChoiceField(
        label=_("Home whose permits and accounts are checked"),
        queryset=Lksa.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    keep = forms.BooleanField(
        label=_("Keep this check in our records (only your organisation sees it)"), required=False
    )

    def __init__(self, *args: Any, homes: Any = None, own_home: Lksa | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if own_home is not None or homes is None:
            del self.fields["lksa"]  # an operator checks against its own home
        else:
            self.fields["lksa"].queryset = homes  # type: ignore[attr-defined]

    def clean_caption(self) -> str:
        caption = self.cleaned_data["caption"]
        if problem := caption_problem(caption):
            raise forms.ValidationError(problem)
        return caption
