"""The guided steps' texts, in both languages.

This step list is postcheck's own design, based on the guidance's "Support for
employees" page. The guidance's own step-by-step for managers was not available to
us (guidance-facts.md §7), so the pages say so above the steps.
"""

from __future__ import annotations

from typing import Any

from .workflow import STEPS, CaseKind

GUIDE: dict[str, dict[str, dict[str, Any]]] = {
    "rights_and_context": {
        "en": {
            "title": "Consider the employee's rights and context",
            "points": [
                "Public servants keep their freedom of expression and their right to privacy. Many posts are grey areas; some are clear (for example, hate speech).",
                "Weigh the context: the employee's role and visibility, their audience, whether they are identifiable as a public servant, whether the post is about their own work, whether an election is under way.",
                "It is harder for employees whose identity is the subject of political debate, or who are directly affected by the decisions at issue.",
                "Do not go looking for more posts. Work only with what was brought to you.",
            ],
        },
        "fr": {
            "title": "Tenir compte des droits et du contexte de l'employé",
            "points": [
                "Les fonctionnaires conservent leur liberté d'expression et leur droit à la vie privée. Beaucoup de publications sont des zones grises; certaines sont claires (par exemple, les discours haineux).",
                "Pesez le contexte : le rôle et la visibilité de l'employé, son auditoire, s'il est identifiable comme fonctionnaire, si la publication porte sur son propre travail, si une élection est en cours.",
                "C'est plus difficile pour les employés dont l'identité fait l'objet de débats politiques, ou qui sont directement touchés par les décisions en cause.",
                "Ne cherchez pas d'autres publications. Travaillez seulement avec ce qu'on vous a transmis.",
            ],
        },
    },
    "talk_with_employee": {
        "en": {
            "title": "Talk with the employee",
            "points": [
                "A private, supportive conversation: ask about the context and listen.",
                "Explain which considerations the post raises and why, without judging the person.",
                "The employee owns the decision to edit or remove their own post.",
            ],
        },
        "fr": {
            "title": "Parler avec l'employé",
            "points": [
                "Une conversation privée et bienveillante : informez-vous du contexte et écoutez.",
                "Expliquez quelles considérations la publication soulève et pourquoi, sans juger la personne.",
                "C'est l'employé qui décide de modifier ou de retirer sa propre publication.",
            ],
        },
    },
    "consult_values_ethics": {
        "en": {
            "title": "Consult the values and ethics office (or labour relations)",
            "points": [
                "When the call is hard, or before any step beyond a conversation, consult your organization's values and ethics office.",
                "For a conflict of interest, consult the designated senior official for conflict of interest.",
                "If you are unsure whether any action is needed, you can also talk to the Ombud.",
            ],
        },
        "fr": {
            "title": "Consulter le bureau des valeurs et de l'éthique (ou les relations de travail)",
            "points": [
                "Quand la décision est difficile, ou avant toute mesure qui dépasse une conversation, consultez le bureau des valeurs et de l'éthique de votre organisation.",
                "Pour un conflit d'intérêts, consultez le cadre supérieur désigné pour les conflits d'intérêts.",
                "Si vous ne savez pas si une action est nécessaire, vous pouvez aussi parler à l'ombudsman.",
            ],
        },
    },
    "check_in_with_employee": {
        "en": {
            "title": "Check in with the employee",
            "points": [
                "The employee is not at fault: they are targeted because they are a public servant.",
                "Ask how they are, what they need, and whether they feel safe.",
                "Do not ask them to respond to the harassment or to close their accounts.",
            ],
        },
        "fr": {
            "title": "Prendre des nouvelles de l'employé",
            "points": [
                "L'employé n'a rien à se reprocher : il est ciblé parce qu'il est fonctionnaire.",
                "Demandez-lui comment il va, ce dont il a besoin et s'il se sent en sécurité.",
                "Ne lui demandez pas de répondre au harcèlement ni de fermer ses comptes.",
            ],
        },
    },
    "safety_and_security": {
        "en": {
            "title": "Safety and departmental security",
            "points": [
                "Involve departmental security: a safety plan, reports to the platform, and the police if there are threats.",
                "If personal details (home address, family) were published, act on safety first.",
            ],
        },
        "fr": {
            "title": "Sécurité et sécurité ministérielle",
            "points": [
                "Faites appel à la sécurité ministérielle : un plan de sécurité, des signalements à la plateforme, et la police en cas de menaces.",
                "Si des renseignements personnels (adresse, famille) ont été publiés, agissez d'abord pour la sécurité.",
            ],
        },
    },
    "offer_resources": {
        "en": {
            "title": "Offer support resources",
            "points": [
                "The Ombud: confidential and independent of management.",
                "The employee assistance program: confidential counselling.",
                "If the harasser is another public servant, the harassment and violence prevention process; their conduct is handled separately, not in this case.",
            ],
        },
        "fr": {
            "title": "Offrir des ressources de soutien",
            "points": [
                "L'ombudsman : confidentiel et indépendant de la gestion.",
                "Le programme d'aide aux employés : du counseling confidentiel.",
                "Si la personne qui harcèle est un autre fonctionnaire, le processus de prévention du harcèlement et de la violence; sa conduite est traitée séparément, pas dans ce dossier.",
            ],
        },
    },
    "record_outcome": {
        "en": {
            "title": "Record the outcome",
            "points": [
                'Record what was decided. "No action" never requires contacting the employee.'
            ],
        },
        "fr": {
            "title": "Consigner le résultat",
            "points": [
                "Consignez ce qui a été décidé. « Aucune action » n'exige jamais de communiquer avec l'employé."
            ],
        },
    },
}


def step_guide(case, lang: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The steps of this case, in order, with their texts in ``lang`` and whether done."""
    lang = "fr" if lang == "fr" else "en"
    done = set(case.steps_done)
    return [
        {"id": step, "done": step in done, **GUIDE[step][lang]}
        for step in STEPS[CaseKind(case.kind)]
    ]
