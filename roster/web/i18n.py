"""Page texts in French (the default) and English (`?lang=en`)."""

from __future__ import annotations

import re

LANGS = ("fr", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("roster - planification des missions", "roster - mission planning"),
    "tagline": ("Médecins solidaires dans les zones rouges", "Volunteer doctors in priority zones"),
    "home": ("Accueil", "Home"),
    "upload_title": ("Déposer un scénario", "Drop a scenario"),
    "upload_help": (
        "Un .zip du dossier du scénario (scenario.toml et les fichiers CSV) ou un classeur .xlsx.",
        "A .zip of the scenario folder (scenario.toml and the CSV files) or an .xlsx workbook.",
    ),
    "drop_here": (
        "Déposez le fichier ici ou cliquez pour le choisir",
        "Drop the file here or click to choose it",
    ),
    "send": ("Envoyer", "Upload"),
    "scenarios": ("Scénarios", "Scenarios"),
    "plannings": ("Plannings", "Plannings"),
    "no_scenarios": ("Aucun scénario pour l'instant.", "No scenario yet."),
    "no_plannings": ("Aucun planning pour l'instant.", "No planning yet."),
    "errors_title": ("Le fichier a été refusé", "The file was refused"),
    "errors_help": (
        "Corrigez ces points puis déposez le fichier à nouveau. Rien n'a été enregistré.",
        "Fix these problems and drop the file again. Nothing was stored.",
    ),
    "file": ("Fichier", "File"),
    "line": ("Ligne", "Line"),
    "message": ("Message", "Message"),
    "name": ("Nom", "Name"),
    "month": ("Mois", "Month"),
    "zones": ("Zones", "Zones"),
    "sites": ("Sites", "Sites"),
    "doctors": ("Médecins", "Doctors"),
    "locums": ("Remplaçants", "Locums"),
    "created": ("Créé", "Created"),
    "source": ("Origine", "Source"),
    "settings": ("Réglages", "Settings"),
    "cap": ("Jours maximum par médecin", "Max days per doctor"),
    "day_trip": ("Aller-retour dans la journée jusqu'à (km)", "Day trip up to (km)"),
    "time_limit": ("Temps de calcul maximum (s)", "Time limit (s)"),
    "solve": ("Lancer le calcul", "Solve"),
    "signups_title": ("Importer les inscriptions", "Import sign-ups"),
    "signups_help": (
        "L'export du formulaire d'inscription, appliqué à une copie de ce scénario.",
        "The sign-up form export, applied to a copy of this scenario.",
    ),
    "import": ("Importer", "Import"),
    "queue": ("File d'attente", "Queue"),
    "queue_empty": ("Aucun calcul en cours.", "No solve running."),
    "job": ("Calcul", "Solve"),
    "state": ("État", "State"),
    "state_queued": ("en attente", "queued"),
    "state_running": ("en cours", "running"),
    "state_done": ("terminé", "done"),
    "state_failed": ("échec", "failed"),
    "position": ("position dans la file", "position in the queue"),
    "phase": ("Phase", "Phase"),
    "coverage": ("Couverture", "Coverage"),
    "bound": ("Borne", "Bound"),
    "gap": ("Écart", "Gap"),
    "elapsed": ("Temps", "Time"),
    "stop": ("Arrêter (garder le meilleur planning)", "Stop (keep the best planning)"),
    "stop_sent": ("Arrêt demandé...", "Stop requested..."),
    "close_ok": (
        "Vous pouvez fermer cette page : le calcul continue sur le serveur.",
        "You may close this page: the solve goes on in the server.",
    ),
    "see_planning": ("Voir le planning", "See the planning"),
    "planning": ("Planning", "Planning"),
    "status": ("Statut", "Status"),
    "report": ("Rapport", "Report"),
    "downloads": ("Téléchargements", "Downloads"),
    "calendars_zip": ("Calendriers (zip)", "Calendars (zip)"),
    "workbook": ("Classeur Excel", "Excel workbook"),
    "verify": ("Vérification indépendante", "Independent check"),
    "verify_ok": ("Toutes les règles sont respectées.", "Every hard rule holds."),
    "verify_bad": ("Règles non respectées :", "Rules broken:"),
    "no_planning_found": (
        "Aucun planning trouvé : la résolution s'est arrêtée avant de placer une seule mission. "
        "Relancez-la avec plus de temps.",
        "No planning found: the solve stopped before it placed a single mission. "
        "Run it again with more time.",
    ),
    "no_planning_short": ("aucun planning trouvé", "no planning found"),
    "answers": ("Réponses des médecins", "Doctors' answers"),
    "replaced_by": (
        "Ce planning a été replanifié ; ses annulations et réponses sont dans :",
        "This planning was re-planned; its cancellations and answers are in:",
    ),
    "answers_help": (
        "Oui confirme la mission, non la refuse (ou annule une mission confirmée). Replanifier ensuite "
        "retire les refus (jamais reproposés), garde les confirmations et place les nouvelles inscriptions.",
        "Yes confirms the mission, no declines it (or cancels a confirmed one). A re-plan then removes "
        "the declines (never offered again), keeps the confirmations and places new sign-ups.",
    ),
    "answers_table": ("Les missions et leur état", "The missions and their state"),
    "date": ("Date", "Date"),
    "doctor": ("Médecin", "Doctor"),
    "site": ("Lieu", "Site"),
    "state_proposed": ("proposée", "proposed"),
    "state_confirmed": ("confirmée", "confirmed"),
    "state_declined": ("refusée", "declined"),
    "state_cancelled": ("annulée", "cancelled"),
    "answer_yes": ("Oui", "Yes"),
    "answer_no": ("Non", "No"),
    "answer_all": ("Tout confirmer", "Confirm all"),
    "answer_all_help": (
        "confirmer toutes les missions proposées de ce médecin",
        "confirm every proposed mission of this doctor",
    ),
    "explain": ("Expliquer une zone", "Explain a zone"),
    "explain_go": ("Expliquer", "Explain"),
    "explain_again": ("Expliquer à nouveau", "Explain again"),
    "explain_help": (
        "Pourquoi la zone a reçu moins de jours que demandé, et quels changements uniques en "
        "ajouteraient un : chacun est vérifié en recalculant le mois (quelques secondes par zone).",
        "Why the zone got fewer days than it asked for, and which single changes would add one: "
        "each is checked by solving the month again (a few seconds per zone).",
    ),
    "replan": ("Replanifier après une annulation", "Re-plan after a cancellation"),
    "replan_help": (
        "Cochez les missions annulées dans le calendrier puis relancez : le nouveau planning "
        "change le moins de missions possible.",
        "Tick the cancelled missions in the calendar then re-plan: the new planning changes as "
        "few missions as possible.",
    ),
    "replan_go": ("Replanifier", "Re-plan"),
    "compare": ("Comparer deux plannings", "Compare two plannings"),
    "compare_go": ("Comparer", "Compare"),
    "kpi": ("Indicateur", "KPI"),
    "difference": ("Différence", "Difference"),
    "not_found": ("Introuvable", "Not found"),
    "error": ("Erreur", "Error"),
    "back": ("Retour", "Back"),
    "token_needed": ("Jeton d'accès requis", "Access token required"),
    "shortfall_zones": ("Zones en manque", "Zones short of days"),
    "changes": ("Changements", "Changes"),
    "cancelled": ("annulation(s)", "cancellation(s)"),
    "parent_planning": ("Planning d'origine", "Original planning"),
    "language": ("English", "Français"),
    "scenario": ("Scénario", "Scenario"),
    "kind": ("Type", "Kind"),
    "kind_solve": ("calcul", "solve"),
    "kind_replan": ("replanification", "re-plan"),
    "kind_explain": ("explication", "explanation"),
    "none_selected": ("Cochez au moins une mission.", "Tick at least one mission."),
}


PHASES: dict[str, tuple[str, str]] = {
    "start": ("démarrage", "starting"),
    "build": ("construction du modèle", "building the model"),
    "lp": ("relaxation linéaire", "LP relaxation"),
    "flow": ("flot", "flow"),
    "coverage": ("couverture", "coverage"),
    "changes": ("changements", "changes"),
    "km": ("km", "km"),
    "history": ("historique", "history"),
    "done": ("terminé", "done"),
}


def phase_names(lang: str) -> dict[str, str]:
    """The solver's phase names as shown on the live line."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in PHASES.items()}


def translator(lang: str):
    index = 1 if lang == "en" else 0

    def t(key: str) -> str:
        pair = TEXTS.get(key)
        return pair[index] if pair else key

    return t


# The web app's own refusal messages in French (the scenario loader's messages are its own).
FRENCH_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"^this planning is already being re-planned \(job (j[0-9a-f]+)\); .*$",
     r"ce planning est déjà en cours de replanification (calcul \1) : attendez la fin et replanifiez "
     r"son résultat, sinon chaque nouveau planning garderait la mission que l'autre annule"),
    (r"^(.*): no such mission in this planning; nothing to cancel$",
     r"\1 : pas de mission ce jour-là dans ce planning ; rien à annuler"),
    (r"^absolute path$", "chemin absolu"),
    (r"^'\.\.' in the path$", "'..' dans le chemin"),
    (r"^backslash in an entry name$", "barre oblique inverse dans un nom d'entrée"),
    (r"^a link or special file \(only plain files are accepted\)$",
     "lien ou fichier spécial (seuls les fichiers ordinaires sont acceptés)"),
    (r"^encrypted entry$", "entrée chiffrée"),
    (r"^entry name with control characters$", "nom d'entrée avec des caractères de contrôle"),
    (r"^entry name longer than 255 characters$", "nom d'entrée de plus de 255 caractères"),
    (r"^duplicate entry (.*)$", r"entrée en double \1"),
    (r"^([\d,]+) MB once unpacked \(at most ([\d,]+) MB\)$", r"\1 Mo une fois décompressé (au plus \2 Mo)"),
    (r"^more than ([\d,]+) MB once unpacked \(zip bomb\?\)$",
     r"plus de \1 Mo une fois décompressé (bombe zip ?)"),
    (r"^(\d+) entries: at most (\d+) files are accepted$", r"\1 entrées : au plus \2 fichiers acceptés"),
    (r"^no scenario\.toml at the top of the zip or in one folder$",
     "pas de scenario.toml à la racine du zip ni dans un dossier"),
    (r"^several scenario folders in one zip; upload one at a time$",
     "plusieurs dossiers de scénario dans le zip : envoyez-les un par un"),
    (r"^not a zip file$", "ce n'est pas un fichier zip"),
    (r"^unreadable zip: (.*)$", r"zip illisible : \1"),
    (r"^unreadable entry: (.*)$", r"entrée illisible : \1"),
    (r"^unreadable scenario \((.*)\)$", r"scénario illisible (\1)"),
    (r"^unreadable workbook: (.*)$", r"classeur illisible : \1"),
    (r"^the file is empty$", "le fichier est vide"),
    (r"^expected a \.zip of a scenario folder or a \.xlsx workbook$",
     "attendu : un .zip du dossier du scénario ou un classeur .xlsx"),
    (r"^this version of roster cannot read \.xlsx workbooks yet; upload a \.zip of the scenario folder$",
     "cette version de roster ne lit pas encore les classeurs .xlsx : "
     "envoyez un .zip du dossier du scénario"),
    (r"^sign-ups can only be imported into a scenario folder \(\.zip\)$",
     "les inscriptions ne s'importent que dans un dossier de scénario (.zip)"),
    (r"^sign-up import failed: (.*)$", r"échec de l'import des inscriptions : \1"),
    (r"^the file is larger than the (.*) MB limit \(--max-upload-mb\)$",
     r"le fichier dépasse la limite de \1 Mo (--max-upload-mb)"),
    (r"^time_limit must be between 0 and (.*) s$", r"le temps de calcul doit être entre 0 et \1 s"),
    (r"^max_days_per_doctor must be between 0 and 31$", "les jours par médecin doivent être entre 0 et 31"),
    (r"^day_trip_max_km must be between 0 and 2000 km$",
     "la distance aller-retour doit être entre 0 et 2000 km"),
    (r"^(.*): not a number: (.*)$", r"\1 : pas un nombre : \2"),
    (r"^(.*): expected DOCTOR@YYYY-MM-DD$", r"\1 : attendu MÉDECIN@AAAA-MM-JJ"),
    (r"^(.*): unknown doctor$", r"\1 : médecin inconnu"),
    (r"^(.*): outside the month (.*)$", r"\1 : hors du mois \2"),
    (r"^nothing to re-plan: pick at least one cancelled mission$",
     "rien à replanifier : cochez au moins une mission annulée"),
    (r"^no such zone in this scenario$", "pas de telle zone dans ce scénario"),
    (r"^invalid request$", "requête invalide"),
    (r"^access token required: open the link printed by `roster serve`$",
     "jeton d'accès requis : ouvrez le lien affiché par `roster serve`"),
    (r"^cross-site request refused$", "requête d'un autre site refusée"),
    (r"^unexpected Host header$", "en-tête Host inattendu"),
    (r"^internal error: (.*) \(details in the server's log\)$",
     r"erreur interne : \1 (détails dans le journal du serveur)"),
)  # fmt: skip


def in_french(message: str) -> str:
    """A message of the web app in French; others (the loader's) unchanged."""
    if message.startswith("refused: "):
        return "refusé : " + in_french(message[len("refused: ") :])
    for pattern, replacement in FRENCH_MESSAGES:
        translated, count = re.subn(pattern, replacement, message)
        if count:
            return translated
    return message
