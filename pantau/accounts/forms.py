from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pantau.accounts.access import (
    assignable_roles,
    organisations_for_new_users,
    task_force_member_refusal,
)
from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import POLICE_KINDS, SUB_UNIT_KINDS, OrgKind, Role
from pantau.accounts.two_factor import TOTP_PATTERN, normalise_code
from pantau.regions.forms import PlaceField
from pantau.regions.models import Region, region_q


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_username(self) -> str:
        # Addresses are stored in lower case; phones like to capitalise the first letter.
        return str(self.cleaned_data["username"]).strip().lower()

    error_messages = {
        "invalid_login": _("The e-mail address or password is wrong. Check both and try again."),
        "inactive": _("This account has been deactivated. Contact your organisation's administrator."),
    }


class RegionField(PlaceField):
    """A region typed by name or code (``regions.forms.PlaceField``), cleaned to the ``Region`` itself."""

    def to_python(self, value: Any) -> Region | None:  # type: ignore[override]
        code = super().to_python(value)
        return Region.objects.get(code=code) if code else None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Region):
            return value.code
        return value


class OrganisationForm(forms.ModelForm):
    region = RegionField(
        label=_("Jurisdiction region"),
        required=False,
        help_text=_(
            "Type the name (e.g. Kab. Tangerang) and pick it from the suggestions, or the Kemendagri code "
            "(36.03). Leave empty for a national body."
        ),
    )

    # A TPPO task force's members: agencies of its area (checked in ``clean``), chosen by a system admin.
    member_agencies = forms.ModelMultipleChoiceField(
        label=_("Member agencies (TPPO task force only)"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("For a TPPO task force: the agencies of its area that sit on it."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "parent", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = Organisation.objects.filter(kind__in=POLICE_KINDS - SUB_UNIT_KINDS)
        members = cast(forms.ModelMultipleChoiceField, self.fields["member_agencies"])
        members.queryset = (
            Organisation.objects.active()
            .exclude(kind__in=[OrgKind.LKSA, OrgKind.TASK_FORCE])
            .order_by("name", "pk")
        )
        if self.instance.pk:
            parent.queryset = parent.queryset.exclude(pk=self.instance.pk)
            self.initial["region"] = self.instance.region_id or ""
            if self.instance.kind == OrgKind.TASK_FORCE:
                # The agencies of the task force's area (the nation for a national one), current members
                # included even if they no longer fit, so that the form shows them and refuses them.
                area = region_q("region__code", self.instance.region_id)
                if self.instance.region_id:
                    area &= Q(region__isnull=False)
                current = Q(task_forces=self.instance)
                members.queryset = (
                    Organisation.objects.filter((area & Q(is_active=True)) | current)
                    .exclude(kind__in=[OrgKind.LKSA, OrgKind.TASK_FORCE])
                    .distinct()
                    .order_by("name", "pk")
                )
                self.initial["member_agencies"] = list(self.instance.member_agencies.all())
                members.widget = forms.CheckboxSelectMultiple()
                members.widget.choices = members.choices
        if not self.is_bound and self.instance.kind != OrgKind.TASK_FORCE:
            # Members are chosen on a task force's own edit form, among its area's agencies: any other
            # form would list every agency of the country. A posted list is still checked (and refused).
            del self.fields["member_agencies"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        members = list(data.get("member_agencies") or [])
        if not members:
            return data
        if data.get("kind") != OrgKind.TASK_FORCE:
            self.add_error("member_agencies", _("Only a TPPO task force has member agencies."))
            return data
        # The area being saved (the region typed now, not the one stored).
        task_force = Organisation(pk=self.instance.pk, kind=OrgKind.TASK_FORCE, region=data.get("region"))
        refused = {
            "itself": _("A task force cannot be a member of itself."),
            "kind": _("%(name)s cannot sit on a task force (another task force or a children's home)."),
            "outside_area": _("%(name)s works outside the task force's area."),
        }
        for member in members:
            reason = task_force_member_refusal(task_force, member)
            if reason:
                self.add_error("member_agencies", refused[reason] % {"name": member.name})
        return data


class UserCreateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, actor_user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor_user = actor_user
        organisations = organisations_for_new_users(actor_user)
        org_field = cast(forms.ModelChoiceField, self.fields["organisation"])
        org_field.queryset = organisations
        only = list(organisations[:2])
        if len(only) == 1:
            self.initial["organisation"] = only[0].pk
            role_field = cast(forms.ChoiceField, self.fields["role"])
            allowed = set(assignable_roles(actor_user, only[0]))
            role_field.choices = [(value, label) for value, label in Role.choices if value in allowed]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, role = data.get("organisation"), data.get("role")
        if organisation is not None and role and role not in assignable_roles(self.actor_user, organisation):
            self.add_error("role", _("This role cannot be given in this organisation."))
        return data


class UserEditForm(forms.ModelForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    class Meta:
        model = User
        fields = ["full_name", "email", "phone"]

    def __init__(self, *args: Any, actor_user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor_user = actor_user
        membership = self.instance.active_membership
        self.organisation = membership.organisation if membership else None
        role_field = cast(forms.ChoiceField, self.fields["role"])
        if membership is not None:
            self.initial.setdefault("role", membership.role)
            allowed = set(assignable_roles(actor_user, membership.organisation))
            role_field.choices = [(value, label) for value, label in Role.choices if value in allowed]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if self.organisation is None or role not in assignable_roles(self.actor_user, self.organisation):
            raise forms.ValidationError(_("This role cannot be given in this organisation."))
        return role


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The longest lifetime is a deployment setting; a month is the suggestion (rotate before it ends).
        longest = settings.PANTAU_API_TOKEN_MAX_DAYS
        days = cast(forms.IntegerField, self.fields["days"])
        days.max_value = longest
        days.validators.append(MaxValueValidator(longest))
        days.widget.attrs["max"] = str(longest)  # the widget took its attributes when the field was made
        days.initial = min(30, longest)
        days.help_text = _("At most %(days)s days.") % {"days": longest}


class SecondFactorCodeForm(forms.Form):
    """One code: six digits from the authenticator app or, where allowed, a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(
        self,
        *args: Any,
        label: str | None = None,
        digits_only: bool = False,
        autofocus: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.digits_only = digits_only
        field = self.fields["code"]
        if label:
            field.label = label
        if not autofocus:  # e.g. on the account page, where the code field is one form among several
            field.widget.attrs.pop("autofocus", None)
        if digits_only:
            field.widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if self.digits_only and not TOTP_PATTERN.match(code):
            raise forms.ValidationError(_("Type the six digits your authenticator app shows."))
        return code


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *OrgKind.choices], required=False
    )
