"""« Pourquoi cette suggestion ? »: one sentence per part that counts, biggest contribution first."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ecosystem.models import ActorKind

from . import relevance

FAMILY_LABELS = {
    "company": lambda: _("a business actor (company)"),
    "association": lambda: _("an associative or cooperative actor"),
    "research": lambda: _("a research actor"),
    "public": lambda: _("a public actor (local authority, public body)"),
    "users": lambda: _("a users' group"),
}
# Where French elides « de » (« à 12 km d'Amiens »).
_VOWELS = tuple("AEIOUYÂÊÎÔÛÉÈËÏÜHaeiouyâêîôûéèëïüh")
MAX_NAMED = 4


def _items(labels) -> str:
    labels = list(labels)
    shown = ", ".join(f"« {label} »" for label in labels[:MAX_NAMED])
    return shown + (", …" if len(labels) > MAX_NAMED else "")


def distance(km: float, place: str) -> str:
    """« À 12 km d'Amiens »: how far a suggestion is from the place it is measured from."""
    if km < 1:
        return _("In %(place)s") % {"place": place}
    values = {"km": f"{km:.0f}", "place": place}
    if place.startswith(_VOWELS):
        return pgettext("place name starting with a vowel", "At %(km)s km from %(place)s") % values
    return _("At %(km)s km from %(place)s") % values


def sentences(context, profile, evidence, parts: dict[str, float], names: dict[int, str]) -> list[str]:
    """The reasons of one suggestion; ``names`` gives the consortium's names for the ties sentence."""
    said: dict[str, str] = {}
    if parts["fit"] and evidence.offered:
        said["fit"] = _("Offers %(items)s, which the slot seeks") % {"items": _items(evidence.offered)}
    if parts["text"] and evidence.words:
        forms = relevance.typed_forms(context)
        said["text"] = _("Its description uses the slot's words: %(words)s") % {
            "words": ", ".join(forms.get(word, word) for word in evidence.words)
        }
    if parts["kind"]:
        label = str(dict(ActorKind.choices).get(profile.kind, profile.kind))
        if evidence.kind_exact:
            said["kind"] = _("Of the kind the slot asks for: %(kind)s") % {"kind": label}
        else:
            said["kind"] = _("Of a kind close to the one the slot asks for: %(kind)s") % {"kind": label}
    if parts["complementarity"] > 0:
        if evidence.new_family:
            said["complementarity"] = _("Brings %(family)s, absent from the consortium") % {
                "family": FAMILY_LABELS[evidence.new_family]()
            }
        elif evidence.new_skills:
            said["complementarity"] = _("Brings what the consortium lacks: %(items)s") % {
                "items": _items(evidence.new_skills)
            }
    elif parts["complementarity"] < 0 and evidence.same_family:
        said["complementarity"] = _("The consortium already has %(family)s") % {
            "family": FAMILY_LABELS[evidence.same_family]()
        }
    if parts["reciprocity"] and evidence.met_needs:
        said["reciprocity"] = _("Looks for %(items)s, which the consortium offers") % {
            "items": _items(evidence.met_needs)
        }
    if parts["territory"]:
        if evidence.km is not None and context.center_name:
            said["territory"] = distance(evidence.km, context.center_name)
        elif context.area is not None:
            said["territory"] = _("Within the slot's area: %(area)s") % {"area": context.area.name}
    if parts["ties"] and evidence.tied:
        said["ties"] = _("Has already worked with %(names)s, of the consortium") % {
            "names": ", ".join(names[i] for i in evidence.tied if i in names)
        }
    if parts["newcomer"]:
        said["newcomer"] = _("No partnership yet on Essaim: a small boost so newcomers are seen")
    order = sorted(said, key=lambda name: -abs(parts[name]))
    return [said[name] for name in order]
