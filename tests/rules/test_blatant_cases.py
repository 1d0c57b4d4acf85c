"""The rules for blatant cases (threats, hate, slurs, contempt for clients, profanity at a
person, campaign activity, supplier gifts, client details and operational security), in
English and in Canadian French.

For every rule: posts that must raise its consideration at the expected level, and hard
negatives (the innocent senses of the same words) that must raise nothing from it. The
rules are judged alone (``Engine(learned=False)``), one post at a time and in a batch.
"""

from __future__ import annotations

import pytest

from postcheck.engine import Context, Engine, Post

# rule id -> (language, code, level in the default context, posts that raise it,
#             hard negatives that must not)
TABLE: dict[str, tuple[str, str, str, list[str], list[str]]] = {
    # ----------------------- en/ps10-harassment.yaml, ps11, ps12 (threats, hate, profanity)
    "en.threat.violence-wish": (
        "en",
        "PS10",
        "high",
        [
            "Honestly someone should put a bullet in that councillor",
            "That guy deserves to be shot for what he said about my sister",
            "hope the landlord gets a good beating tbh",
            "Your days are numbered, just so you know",
            "I'll end you if you park in my spot one more time lol",
            "she deserves to be raped for that tweet",
        ],
        [
            "Dead tired after a double shift, going to bed",
            "The market took a good beating today, my RRSP is crying",
            "That dress is drop dead gorgeous on you",
            "Shoot me an email when you have a minute",
            "Six feet under the snow is where my car is right now",
            "Drop Dead Fred is still the weirdest movie",
        ],
    ),
    "en.threat.direct": (
        "en",
        "PS10",
        "high",
        [
            "If I see him at the rink again I'm gonna kill him",
            "someone needs to take out the minister before it's too late",
            "i will fucking stab you next time",
            "Somebody should hang that bastard",
            "We're going to beat up those idiots after the game",
        ],
        [
            "Going to kill it at the gym tonight",
            "I could murder a pizza right now",
            "I'll shoot you an email tomorrow morning",
            "We'll take you out for lunch on your last day!",
            "I'm gonna kill them with kindness at the family reunion",
            "Killing time at the airport, flight delayed again",
        ],
    ),
    "en.threat.death-wish": (
        "en",
        "PS10",
        "high",
        [
            "I hope he dies slowly, honestly",
            "Hoping the minister gets cancer, karma",
            "Praying he chokes on it and croaks",
            "may they all rot in hell, every one of them",
            "hope the judge gets hit by a bus on his way home",
        ],
        [
            "I hope my phone doesn't die before the bus gets here",
            "Hoping the wind dies down before the ferry leaves",
            "I pray she doesn't suffer anymore. Love you grandma",
            "This lemon tart is to die for",
            "I hope I die laughing at 100 years old",
            "I hope they win the cup this year",
        ],
    ),
    "en.threat.lynch": (
        "en",
        "PS10",
        "high",
        [
            "Traitors, every one of them. Line them up against the wall.",
            "String them up, all of them, the whole cabinet",
            "hang them from the nearest lamppost, these traitors",
            "Round them up and put them in front of a firing squad",
        ],
        [
            "Bought new Christmas lights, gonna string them up on the porch tonight",
            "Framed the kids' drawings, I'll hang them up in the hallway",
            "Line them up for the class photo by height please",
            "Round them up, it's time for cake!",
        ],
    ),
    "en.threat.open-season": (
        "en",
        "PS10",
        "high",
        [
            "It's open season on immigrants now, apparently",
            "Someone put a bounty on him already",
            "open season on those people, let's go",
            "Time to doxx him, find his address",
        ],
        [
            "Open season on bass starts Saturday, boat is ready!",
            "Open season on deer opens next week up north",
            "Registered for the open house at the new school",
            "The bounty hunter movie was great",
        ],
    ),
    "en.hate.dehumanizing": (
        "en",
        "PS10",
        "high",
        [
            "Immigrants are vermin, plain and simple",
            "They're subhumans, every single one",
            "these people are savages and you know it",
            "refugees are an infestation in this city",
        ],
        [
            "Soap scum everywhere in this bathroom",
            "Space Invaders tournament at the arcade tonight",
            "We found vermin in the barn, calling an exterminator",
            "The pond scum is back after the heat wave",
        ],
    ),
    "en.hate.dehumanizing-pests": (
        "en",
        "PS10",
        "high",
        [
            "Muslims are rats, don't tell me otherwise",
            "the homeless are like cockroaches downtown",
            "Immigrants are parasites on our system",
            "Those refugees breed like rabbits",
        ],
        [
            "Refugees arrived with their animals and a few belongings",
            "Seniors and dogs welcome at the park event",
            "The kids loved the animals at the petting zoo",
            "Rats in the garage again, immigrants from the neighbour's shed lol",
        ],
    ),
    "en.hate.go-back": (
        "en",
        "PS10",
        "high",
        [
            "Go back to where you came from",
            "If you don't like it, go back to your own country",
            "Speak English or get out, this is not hard",
            "deport them all and be done with it",
        ],
        [
            "Can't wait to go back to the cottage this summer",
            "Going back home for Christmas, so excited",
            "We went back to where we first met for our anniversary",
            "Speak English or French, we offer service in both",
        ],
    ),
    "en.hate.slur": (
        "en",
        "PS10",
        "high",
        [
            "Some tranny was in line ahead of me",
            "what a bunch of faggots",
            "Stop acting like a retard",
            "Those kikes run everything",
        ],
        [
            "Found a chink in the armour of their defence",
            "Our Maine coon just turned ten!",
            "Changed the tranny fluid in the truck this weekend",
            "The flame retardant coating is mandatory",
            "Kitchen is spick and span for the party",
        ],
    ),
    "en.hate.slur-masked": (
        "en",
        "PS10",
        "high",
        [
            "Typical f*g behaviour honestly",
            "n1gg@s everywhere downtown tonight",
            "such a r3tard move",
            "bunch of tr*nnies at the pool",
            "my neighbour is a f@ggot",
        ],
        [
            "F*** this weather, minus 30 again",
            "Night shift again, see you all tomorrow",
            "Figure it out, folks",
            "Spice rack finally organized",
        ],
    ),
    "en.hate.trope": (
        "en",
        "PS10",
        "high",
        [
            "The Khazarian mafia runs the banks, wake up",
            "Read about the great replacement, it's happening here",
            "jews control the media and everyone knows it",
            "14/88 brothers",
            "Holocaust never happened, look it up",
        ],
        [
            "Visited the Holocaust museum with my class, very moving",
            "Great replacement window for the basement, installer came today",
            "Jewish community centre is hosting a bake sale on Sunday",
            "Replacement parts for the dishwasher finally arrived",
        ],
    ),
    "en.hate.stereotype": (
        "en",
        "PS10",
        "moderate",
        [
            "Immigrants can't drive, I swear",
            "Muslims are all terrorists, everyone knows",
            "Refugees live off welfare and never work",
            "Natives are lazy, just saying",
        ],
        [
            "Immigrants contribute billions to the economy every year",
            "Our new neighbours are refugees from Syria, lovely family",
            "The smell of fresh bread at the Indigenous people's market was amazing",
            "Criminals who target seniors should face tougher sentences",
        ],
    ),
    "en.hate.client-contempt": (
        "en",
        "PS10",
        "high",
        [
            "These welfare bums get more than I do",
            "Patients like her are a waste of a bed",
            "Another pogey bum at my wicket today",
            "Half my caseload are bed blockers",
        ],
        [
            "We need more hospital beds in this region",
            "Our welfare office is open until 4 on Fridays",
            "Got a new bed for the guest room",
            "Helping people on EI find work is the best part of my job",
        ],
    ),
    "en.hate.client-contempt-words": (
        "en",
        "PS10",
        "high",
        [
            "Clients on my caseload are freeloaders milking the system",
            "Half the inmates here are worthless, let them rot",
            "These claimants are leeches, every single one",
            "people on welfare are moochers, I see it every day",
        ],
        [
            "Clients waited too long today, we need more staff",
            "Our patients deserve better care and shorter waits",
            "Inmates in the program earned their certificates today, so proud",
            "That meeting was a waste of time",
        ],
    ),
    "en.disrespect.profane-insult": (
        "en",
        "PS11",
        "moderate",
        [
            "you fucking moron, read the sign",
            "What an asshole that driver was",
            "go fuck yourself, seriously",
            "He's a f***ing dickhead",
        ],
        [
            "This weather is fucking cold",
            "Holy shit that game was amazing",
            "I fucking love Mondays, said no one",
            "Damn, forgot my lunch again",
        ],
    ),
    "en.workplace.profane-boss": (
        "en",
        "PS12",
        "moderate",
        [
            "My boss is a f***ing idiot",
            "Management can go to hell",
            "my manager is such a dickhead about vacation requests",
            "upper management are clowns, all of them",
        ],
        [
            "My boss is fucking awesome, best team ever",
            "Had lunch with my manager, great chat about my goals",
            "Management approved my leave, finally",
            "HR sent the benefits update today",
        ],
    ),
    # ------------------------ fr/ps10-harcelement.yaml, ps11, ps12 (menaces, haine, sacres)
    "fr.menace.violence": (
        "fr",
        "PS10",
        "high",
        [
            "Lui, y mériterait une balle entre les deux yeux",
            "Je vais lui casser la gueule la prochaine fois que je le vois",
            "Inquiète-toi pas, on va s'occuper de son cas",
            "je lui souhaite de crever dans son char",
            "Qu'il crève, le maudit",
            "faudrait les pendre tous, ces traîtres",
        ],
        [
            "Je tue le temps à l'aéroport, vol retardé",
            "Mort de rire, t'es trop drôle",
            "Ça me tue cette chanson-là",
            "Je crève de faim, on mange où?",
            "J'ai mis de la mort aux rats dans le garage",
            "Il faut crever l'abcès avec l'équipe",
        ],
    ),
    "fr.menace.directe": (
        "fr",
        "PS10",
        "high",
        [
            "m'as te tuer mon tabarnak",
            "Je vais le tabasser s'il revient",
            "quelqu'un devrait le fusiller",
            "On va te faire la peau",
            "j'vais y casser la gueule à ce cave",
        ],
        [
            "On va les battre samedi au hockey!",
            "Je vais le finir demain, le rapport",
            "Tu me tues avec tes blagues",
            "Je vais tuer le temps en lisant",
            "On va les planter demain matin, les tomates",
        ],
    ),
    "fr.menace.souhait-mort": (
        "fr",
        "PS10",
        "high",
        [
            "j'espère que le ministre attrape le cancer",
            "Je lui souhaite qu'il se fasse frapper par un autobus",
            "J'ai hâte qu'il meure, franchement",
            "je leur souhaite qu'ils pourrissent en enfer",
        ],
        [
            "J'espère qu'elle ne souffre plus, repose en paix grand-maman",
            "Je sais qu'il souffre beaucoup depuis l'accident",
            "J'espère mourir vieux dans mon lit",
            "J'espère qu'il va pas mourir de chaleur dans l'auto, le chien",
        ],
    ),
    "fr.menace.chasse": (
        "fr",
        "PS10",
        "high",
        [
            "La chasse est ouverte sur les immigrants",
            "C'est la chasse aux fonctionnaires, on va les chercher",
            "mettre une prime sur le ministre, ça réglerait ça",
            "Faudrait les aligner, ces politiciens",
        ],
        [
            "La chasse aux œufs de Pâques est ouverte pour les enfants!",
            "La chasse au chevreuil est ouverte, on monte au camp",
            "Chasse aux aubaines au centre d'achats samedi",
            "Trois arbres à abattre dans la cour cet automne",
        ],
    ),
    "fr.haine.deshumanisant": (
        "fr",
        "PS10",
        "high",
        [
            "Ces gens-là c'est des sous-humains",
            "Les immigrants sont de la racaille",
            "eux autres c'est de la vermine",
            "Les réfugiés sont des envahisseurs",
        ],
        [
            "On a vu des chevaux sauvages en Alberta",
            "Des fleurs sauvages partout dans le champ",
            "Il y a de la vermine dans le grenier du chalet",
            "Les bleuets sauvages sont prêts à cueillir",
        ],
    ),
    "fr.haine.nuisibles": (
        "fr",
        "PS10",
        "high",
        [
            "les musulmans sont des rats",
            "Les itinérants c'est des coquerelles",
            "Les immigrants sont des parasites",
            "Ces immigrants-là, c'est des singes",
        ],
        [
            "Les enfants ont adoré les animaux de la ferme",
            "Les réfugiés sont arrivés avec leurs animaux",
            "Des rats dans le garage, on appelle l'exterminateur",
            "Les aînés et leurs chiens sont bienvenus au parc",
        ],
    ),
    "fr.haine.retournez": (
        "fr",
        "PS10",
        "high",
        [
            "Retournez dans votre pays",
            "Si t'es pas content retourne d'où tu viens",
            "Speak white, c'est ça qu'ils nous disaient",
            "Dehors les immigrants!",
        ],
        [
            "Je retourne dans mon pays natal cet été voir ma famille",
            "On retourne au chalet la fin de semaine prochaine",
            "Retournez votre formulaire avant vendredi",
            "Dehors il fait moins 30, restez au chaud",
        ],
    ),
    "fr.haine.insulte-raciale": (
        "fr",
        "PS10",
        "high",
        [
            "Gang de nègres",
            "Encore un sale juif qui se plaint",
            "Mon voisin est un gros fif",
            "une bande de bougnoules au dépanneur",
        ],
        [
            "Le fournisseur est arrivé en retard",
            "J'ai acheté une tapette à souris pour le sous-sol",
            "On a vu un raton laveur dans la cour",
            "Les enfants jouent au parc",
        ],
    ),
    "fr.haine.insulte-masquee": (
        "fr",
        "PS10",
        "high",
        [
            "t'es juste un n***e",
            "Encore un n*gre au comptoir",
            "quelle t*pette ce gars-là",
            "Un b*ugnoule de plus",
        ],
        [
            "N'oubliez pas la réunion de 9h",
            "Nicole est en vacances",
            "Tapez votre mot de passe",
            "Nous avons reçu la note",
        ],
    ),
    "fr.haine.cliche": (
        "fr",
        "PS10",
        "high",
        [
            "Les juifs contrôlent les médias, réveillez-vous",
            "Le grand remplacement c'est en train d'arriver",
            "Heil Hitler mes frères",
            "Tous les musulmans sont des terroristes",
        ],
        [
            "Visite du musée de l'Holocauste avec ma classe",
            "Le grand ménage du printemps est commencé",
            "Remplacement des fenêtres du sous-sol cette semaine",
            "Souper au centre communautaire juif dimanche",
        ],
    ),
    "fr.haine.stereotype": (
        "fr",
        "PS10",
        "moderate",
        [
            "Les immigrants savent pas conduire",
            "Les autochtones sont paresseux, c'est connu",
            "Les réfugiés volent nos jobs",
            "Les Haïtiens sont tous des voleurs",
        ],
        [
            "Les immigrants contribuent beaucoup à l'économie",
            "Nos voisins sont des réfugiés syriens, une famille adorable",
            "Les voleurs qui ciblent les aînés devraient avoir des peines plus sévères",
            "Les Quebecois sentent bon le sirop au printemps",
        ],
    ),
    "fr.haine.mepris-clients": (
        "fr",
        "PS10",
        "high",
        [
            "Encore ces assistés sociaux qui se plaignent",
            "Gang de BS, toute la journée au comptoir",
            "maudits BS qui font la file",
            "Ce patient c'est un gaspillage de lit",
        ],
        [
            "L'aide sociale est un filet de sécurité important",
            "J'ai acheté un lit neuf pour la chambre d'amis",
            "Les prestataires peuvent appeler jusqu'à 16h",
            "Merci aux assistés de recherche pour leur aide",
        ],
    ),
    "fr.haine.mepris-clients-mots": (
        "fr",
        "PS10",
        "high",
        [
            "Les BS sont des profiteurs qui vivent sur notre dos",
            "Mes détenus c'est des déchets, qu'ils pourrissent",
            "Les prestataires sont des sangsues",
            "Ces patients-là sont des bons à rien",
        ],
        [
            "Les clients ont attendu trop longtemps aujourd'hui",
            "Nos patients méritent de meilleurs soins",
            "Les détenus du programme ont reçu leur diplôme",
            "Protéger les prestataires contre les fraudeurs",
        ],
    ),
    "fr.irrespect.sacre-cible": (
        "fr",
        "PS11",
        "moderate",
        [
            "Gang de caves au bureau aujourd'hui",
            "Espèce de con, regarde où tu vas",
            "Ce crisse d'innocent a encore bloqué l'entrée",
            "Une bande de tarlas au volant à matin",
        ],
        [
            "Il fait frette en tabarnak à matin",
            "Un gros client est venu au magasin",
            "Ostie que c'est beau le lac ce matin",
            "Maudit que j'ai bien dormi",
        ],
    ),
    "fr.irrespect.insulte-vulgaire": (
        "fr",
        "PS11",
        "moderate",
        [
            "Va chier, sérieux",
            "Mange de la marde, toi",
            "C'est un vrai trou de cul",
            "farme ta yeule",
        ],
        [
            "J'ai chié dans mes culottes de peur en voyant l'ours lol",
            "La marde est pognée dans le drain",
            "Mange ta soupe avant qu'elle refroidisse",
            "Ferme la porte en sortant",
        ],
    ),
    "fr.travail.sacre-patron": (
        "fr",
        "PS12",
        "moderate",
        [
            "Mon ostie de boss m'a encore fait rester tard",
            "Tabarnak de gestionnaires qui décident n'importe quoi",
            "La direction peut aller chier",
            "mes gestionnaires sont des caves",
        ],
        [
            "Mon patron est vraiment un bon boss, merci!",
            "Ostie de bon boss que j'ai, il m'a donné congé",
            "Ma gestionnaire a approuvé mes vacances",
            "Les RH ont envoyé le nouveau guide",
            "Mon boss est un ostie de bon gars",
        ],
    ),
    # ------------------------------------ en/ps03-political-activity.yaml, ps01 (campaigns)
    "en.campaign.donate": (
        "en",
        "PS03",
        "high",
        [
            "Donate $25 to my campaign before the quarter deadline, link in bio!",
            "Chip in $5 to help re-elect our MP, every dollar counts",
            "Political donations get a 75% tax credit, give to the party today",
            "Contribute to the Conservative campaign before Dec 31",
        ],
        [
            "Donated to the food bank campaign this morning",
            "Running for charity this weekend, donate if you can!",
            "Donations for the office party are due Friday",
            "Claim the disability tax credit on your return",
        ],
    ),
    "en.campaign.candidacy": (
        "en",
        "PS03",
        "high",
        [
            "I'm running for city council in Ward 12!",
            "Excited to announce my candidacy for the Liberal nomination",
            "Come to my nomination meeting Thursday night",
            "Throwing my hat in the ring for school trustee",
            "Vote for me on October 20th!",
        ],
        [
            "I'm running for the bus every morning lol",
            "Running for the cure this Sunday with my sister",
            "Our candidate for the director job starts Monday",
            "Proud to be running in the marathon again",
            "Launching my bid for the Ironman next summer!",
        ],
    ),
    "en.campaign.volunteer": (
        "en",
        "PS03",
        "moderate",
        [
            "Spent Saturday canvassing for our NDP candidate",
            "Door knocking with the Conservative campaign team tonight",
            "Who wants to join me at the phone bank for the Green candidate?",
            "Putting up lawn signs for the Liberals this weekend",
        ],
        [
            "Volunteering as a poll clerk with Elections Canada on Monday",
            "Proud to volunteer for the Terry Fox run",
            "Volunteers needed for the block party on Saturday",
            "Knocking on doors for the school fundraiser, cookies anyone?",
        ],
    ),
    "en.campaign.riding-office": (
        "en",
        "PS03",
        "high",
        [
            "Elected president of the Ottawa Centre riding association tonight!",
            "Our riding association is meeting Tuesday, all members welcome",
            "I'm the official agent for Sam's campaign",
            "Treasurer of the local Conservative riding association, ask me anything",
        ],
        [
            "President of the hockey association again this year",
            "Our condo association meets Tuesday",
            "Treasurer of the book club, we have $40",
            "The parent association is planning the spring fair",
        ],
    ),
    "en.campaign.defeat": (
        "en",
        "PS01",
        "moderate",
        [
            "Let's make sure Poilievre loses on election day",
            "Time to make sure this government is gone at the polls",
            "We need to make sure the Liberals lose their seats in October",
            "Help us make sure the incumbent never gets elected again",
        ],
        [
            "The Leafs need to make sure Boston loses tonight",
            "Make sure you vote on Monday, polls open at 9:30",
            "Let's make sure we lose the weight before summer",
            "We have to make sure nobody loses their keys at the party",
        ],
    ),
    "en.campaign.vote-out": (
        "en",
        "PS01",
        "moderate",
        [
            "Time to vote them out!",
            "Throw the bums out, it's been long enough",
            "Anyone but the Conservatives this time",
            "Carney must go",
        ],
        [
            "Vote for your favourite pie at the fair!",
            "They kicked him out of the bar for singing",
            "Throw the ball out to the dog",
            "Stop the bus, I forgot my lunch",
            "Time to kick them out of the nest, the kids leave for university",
        ],
    ),
    "en.campaign.hashtag": (
        "en",
        "PS01",
        "moderate",
        [
            "Great rally tonight #TeamPoilievre",
            "#ReElectSarah for Ward 4",
            "Enough already #CarneyMustGo",
            "Out with the old #VoteNDP",
        ],
        [
            "Great game tonight #TeamCanada",
            "#VoteForYourFavourite in the bake-off",
            "#ElectricVehicles are the future",
            "New year, new goals #NeverGiveUp",
        ],
    ),
    # ------------------------------------ fr/ps03-activite-politique.yaml, ps01 (campagnes)
    "fr.campagne.don": (
        "fr",
        "PS03",
        "high",
        [
            "Faites un don de 20 $ à ma campagne avant le 31 décembre, reçu d'impôt officiel!",
            "Donnez généreusement au Bloc, chaque dollar compte",
            "Billets pour le souper-bénéfice du candidat de la CAQ, contribuez!",
            "Contribuez à notre campagne, le crédit d'impôt est de 75 %",
        ],
        [
            "Je donne à la Guignolée chaque année, faites un don!",
            "Faites un don de sang avec Héma-Québec cette semaine",
            "Le financement du programme de garderies a été annoncé",
            "Donnez vos vieux manteaux à la friperie du quartier",
        ],
    ),
    "fr.campagne.candidature": (
        "fr",
        "PS03",
        "high",
        [
            "J'annonce ma candidature à la mairie de Gatineau",
            "Je me présente comme candidate du NPD dans Hull-Aylmer",
            "Mon assemblée d'investiture c'est jeudi soir, venez en grand nombre",
            "Votez pour moi le 2 novembre!",
        ],
        [
            "Je me présente à l'entrevue demain matin, souhaitez-moi bonne chance",
            "Je suis candidate pour un poste d'analyste principale",
            "Je me lance dans la course de 10 km dimanche",
            "Je me présente: Julie, nouvelle analyste dans l'équipe",
            "J'ai envoyé ma candidature pour le poste de gestionnaire",
        ],
    ),
    "fr.campagne.benevolat": (
        "fr",
        "PS03",
        "moderate",
        [
            "Belle journée de porte-à-porte avec notre candidat libéral",
            "On pose des pancartes pour la candidate conservatrice samedi",
            "Bénévole au local électoral du Bloc ce soir, venez nous aider",
            "Faire sortir le vote pour notre candidat de QS, on a besoin de monde",
        ],
        [
            "Je travaille comme scrutatrice pour Élections Québec dimanche",
            "Le pointage final: 4 à 2 pour le Canadien!",
            "Bénévole à la banque alimentaire samedi matin",
            "Porte-à-porte pour la Guignolée des médias demain",
        ],
    ),
    "fr.campagne.association": (
        "fr",
        "PS03",
        "high",
        [
            "Élue présidente de l'association de circonscription ce soir!",
            "Notre association de circonscription se réunit mardi",
            "Je suis agente officielle pour la campagne de Marc",
            "Trésorier de l'association du comté, posez-moi vos questions",
        ],
        [
            "Présidente de l'association de hockey mineur encore cette année",
            "Notre association de copropriétaires se réunit mardi",
            "Trésorier du club de lecture, on a 40 $",
            "L'association des parents prépare la fête du printemps",
        ],
    ),
    "fr.campagne.defaite": (
        "fr",
        "PS01",
        "moderate",
        [
            "Dehors les libéraux!",
            "Faut que la CAQ perde aux prochaines élections",
            "Legault dehors, c'est assez",
            "Il est temps de mettre ce gouvernement dehors aux urnes",
        ],
        [
            "Il fait beau dehors, on mange sur la terrasse",
            "Les enfants jouent dehors avec le chien",
            "Je veux perdre du poids avant l'été",
            "Le Canadien a perdu hier, encore",
        ],
    ),
    "fr.campagne.mot-clic": (
        "fr",
        "PS01",
        "moderate",
        [
            "#LegaultDehors",
            "Belle soirée #ÉquipeLegault",
            "On lâche rien #VotezBloc",
            "C'est assez #TrudeauDoitPartir",
        ],
        [
            "Belle victoire #GoHabsGo",
            "Ma soirée #LectureDuDimanche",
            "#Dehors il fait beau",
            "Souper en famille #Bonheur",
        ],
    ),
    # ---------------------------------- en/ps14-conflict-of-interest.yaml (gifts, business)
    "en.gift.supplier-hospitality": (
        "en",
        "PS14",
        "high",
        [
            "Huge thanks to our vendor Acme Systems for the box seats at the Sens game!",
            "Our IT vendor sent us a bottle of scotch each, thanks guys!",
            "Thank you to our supplier for the steak dinner last night",
            "The consulting firm treated us to a golf weekend, what a treat",
        ],
        [
            "The vendor demo ran long so we missed dinner",
            "Declined the supplier's invitation to dinner, rules are rules, but thanks",
            "Our contractor finished the kitchen, thanks for the great work",
            "Thanks to my sister for the concert tickets for my birthday!",
            "The contractor who redid our kitchen left us a bottle of wine, thanks!",
        ],
    ),
    "en.gift.work-hospitality": (
        "en",
        "PS14",
        "high",
        [
            "Thanks to the contractor on our project for the Jays tickets!",
            "Our consultants treated the whole team to dinner, so generous",
            "Big thanks to the firm for the gift cards after our project wrapped",
            "Stakeholders sent us a gift basket for the holidays, thank you!",
        ],
        [
            "Thanks to the contractor for finishing the bridge on time",
            "Team lunch with the consultants, I paid for my own",
            "Stakeholders joined our session today, thanks everyone for the questions",
            "Lunch and learn with the firm, thanks for presenting",
        ],
    ),
    "en.gift.procurement-gift": (
        "en",
        "PS14",
        "high",
        [
            "Signed the contract renewal and they sent us a gift basket, thank you!",
            "After the RFP closed, the winning bidder took me to dinner, so generous",
            "Thanks for the Raptors tickets, happy the standing offer went through",
            "The procurement wrapped up and the firm gave us gift cards, appreciated",
        ],
        [
            "Signed my phone contract renewal, finally got a better deal",
            "The RFP closes Friday, good luck to all bidders",
            "Procurement training this afternoon, lunch and learn",
            "We paid for our own dinner after the contract signing",
        ],
    ),
    "en.business.own-to-clients": (
        "en",
        "PS14",
        "moderate",
        [
            "My husband's company can help importers with customs paperwork, DM me for a discount",
            "My consulting business offers a special rate for the companies I inspect",
            "If any of my clients at work need a realtor, my wife's business can help, message me",
            "My side business does bookkeeping, happy to help claimants, book now",
        ],
        [
            "My side business is knitting, check out my Etsy shop",
            "My sister's company won an award, so proud of her",
            "Our clients at the food bank were so thankful today",
            "My company picnic was so much fun",
        ],
    ),
    "en.business.status-selling": (
        "en",
        "PS14",
        "moderate",
        [
            "As a former CRA auditor, I can make sure your audit goes smoothly",
            "I'm an ex-CBSA officer, I can help you get through customs faster",
            "Insider tips to get your visa application approved, DM me",
            "I know exactly what the auditors look for, book a consult",
        ],
        [
            "As a former teacher, I can help your kids with reading",
            "I'm a CRA employee and proud of our tax clinics",
            "Tips for my garden: water early in the morning",
            "I know what the kids look for in a birthday cake",
        ],
    ),
    # ------------------------------------ fr/ps14-conflit-interets.yaml (cadeaux, affaires)
    "fr.cadeau.fournisseur": (
        "fr",
        "PS14",
        "high",
        [
            "Un gros merci à notre fournisseur informatique pour les billets du Canadien dans la loge!",
            "Notre représentant chez Acme nous a offert une bouteille de scotch chacun, trop fin!",
            "Merci à la firme de consultants pour le souper au resto hier",
            "Le soumissionnaire retenu nous a invités à une partie de golf, on a été gâtés",
        ],
        [
            "Le fournisseur est arrivé en retard, on a manqué le souper",
            "J'ai refusé les billets du fournisseur, merci quand même",
            "Merci à l'entrepreneur pour la belle cuisine, du beau travail",
            "Merci à ma sœur pour les billets du spectacle!",
            "L'entrepreneur qui a refait notre cuisine nous a laissé une bouteille de vin, merci!",
        ],
    ),
    "fr.cadeau.travail": (
        "fr",
        "PS14",
        "high",
        [
            "Merci à l'entrepreneur du projet pour les billets du Canadien!",
            "Nos consultants ont offert le souper à toute l'équipe, trop gentil",
            "Gros merci à la firme pour les cartes-cadeaux à la fin du projet",
            "Les parties prenantes nous ont envoyé un panier-cadeau, merci!",
        ],
        [
            "Merci à l'entrepreneur d'avoir fini le pont à temps",
            "Lunch d'équipe avec les consultants, chacun a payé",
            "Merci aux parties prenantes pour leurs questions à la séance",
            "Diner-conférence avec la firme, merci pour la présentation",
        ],
    ),
    "fr.cadeau.contrat": (
        "fr",
        "PS14",
        "high",
        [
            "Après la signature du contrat, ils nous ont offert des cartes-cadeaux, merci!",
            "Le renouvellement est signé et on a reçu un panier-cadeau, trop gentil",
            "Merci pour les billets, content que l'appel d'offres soit réglé",
            "Une bouteille de vin offerte après l'octroi du contrat, gâtée!",
        ],
        [
            "J'ai signé le renouvellement de mon contrat de cellulaire",
            "L'appel d'offres ferme vendredi, bonne chance à tous",
            "Diner-conférence sur l'approvisionnement cet après-midi",
            "On a payé notre souper nous-mêmes après la signature du contrat",
        ],
    ),
    "fr.affaires.propre-entreprise": (
        "fr",
        "PS14",
        "moderate",
        [
            "La compagnie de mon chum peut aider les importateurs avec leurs papiers, écrivez-moi en privé",
            "Ma business de consultation offre un rabais aux entreprises que j'inspecte",
            "L'entreprise de ma femme fait de la comptabilité, contactez-moi si vous êtes prestataires",
            "Mon entreprise offre un prix spécial aux titulaires de permis",
        ],
        [
            "Ma petite entreprise de tricot est sur Etsy",
            "L'entreprise de ma sœur a gagné un prix, bravo!",
            "Nos clients de la banque alimentaire étaient contents",
            "Le party de Noël de ma compagnie était super",
        ],
    ),
    "fr.affaires.statut": (
        "fr",
        "PS14",
        "moderate",
        [
            "Ancienne vérificatrice de l'ARC, je peux vous aider à régler votre vérification",
            "Comme ancien agent de l'ASFC, je peux vous aider à passer plus vite",
            "Trucs d'initié pour obtenir votre permis, écrivez-moi",
            "Je sais exactement ce que les vérificateurs cherchent",
        ],
        [
            "Ancienne enseignante, je peux aider vos enfants en lecture",
            "Comme employée de l'ARC, je suis fière de nos comptoirs d'impôt",
            "Trucs pour le jardin: arrosez tôt le matin",
            "Je sais exactement ce que les enfants veulent pour Noël",
        ],
    ),
    # ------------------------------ en/ps08-privacy-others.yaml, ps07 (clients, operations)
    "en.clients.location": (
        "en",
        "PS08",
        "high",
        [
            "The inmate in cell 4 flooded his toilet again",
            "Patient in room 12 keeps ringing the bell every five minutes",
            "bed 7's patient tried to leave in his gown again",
            "Cell 3 threw his tray at the door this morning",
        ],
        [
            "The man in the room next door snores so loud at this hotel",
            "Residents of the building are invited to the BBQ",
            "Room 12 is booked for the team meeting",
            "The kid in the pool was having a blast",
        ],
    ),
    "en.clients.photo": (
        "en",
        "PS08",
        "high",
        [
            "[photo of my patient's wound after surgery]",
            "Pic of the inmate's cell after the search lol",
            "Took a photo of my students during the test, look at them sweat",
            "Screenshot of the client's file, can you believe this",
        ],
        [
            "Photo of my students' art projects for the school fair",
            "Photo of my dog at the beach",
            "Took a photo of the sunset from the office",
            "Pic of my lunch, finally eating healthy",
        ],
    ),
    "en.clients.named-mockery": (
        "en",
        "PS08",
        "high",
        [
            "My student named Kayden couldn't even spell his own name lol",
            "The caller, her name is Brenda, dumbest woman alive",
            "Had a patient named Gerald today, absolute psycho 😂",
            "This inmate goes by Tiny and he's huge lmao",
        ],
        [
            "My student named Ava won the science fair, so proud",
            "A patient named Ruth brought us cookies today, so sweet",
            "My cat is named Biscuit lol",
            "The new caller system is called Echo, pretty slick",
        ],
    ),
    "en.clients.case-details": (
        "en",
        "PS08",
        "moderate",
        [
            "My patient overdosed again over the weekend",
            "The inmate was convicted of arson, just saying",
            "a client on my caseload is pregnant with twins and on methadone",
            "The claimant is bipolar and refuses meds",
        ],
        [
            "My patient was committed to getting better and it shows",
            "Record day at the clinic, 40 vaccines given",
            "The client was so committed to their project",
            "My students are committed to learning French",
        ],
    ),
    "en.ops.codes": (
        "en",
        "PS07",
        "high",
        [
            "Door code is 4471 if anyone forgot",
            "wifi password is Maple2024! for the 3rd floor",
            "The code to the side door: 2580",
            "vpn pw: Ottawa#1 until they reset it",
        ],
        [
            "Wifi password is terrible at this café",
            "Remember to change your password every 90 days",
            "The door is locked after 6pm, use your badge",
            "Building code inspection at the cottage tomorrow",
        ],
    ),
    "en.ops.security-gap": (
        "en",
        "PS07",
        "high",
        [
            "Cameras on the east range are down again, only one officer on nights at the pen",
            "Blind spot in the perimeter fence behind the gym at the institution",
            "Metal detector at primary inspection has been broken all week at our crossing",
            "The door to the server room is propped open again",
        ],
        [
            "The camera on my phone is broken, any repair shop tips?",
            "Turn your camera on for the team meeting please",
            "The fence in my backyard is down after the storm",
            "Our building's elevator is out of order again",
        ],
    ),
    "en.ops.raid-timing": (
        "en",
        "PS07",
        "high",
        [
            "We're hitting the house at 5am tomorrow, search warrant finally signed",
            "Inmate transfer is scheduled for Thursday at 6am, our team escorts",
            "The raid on the warehouse is planned for Tuesday at dawn",
            "Cell searches tonight on B range, our team goes in at midnight",
        ],
        [
            "Raid the fridge tonight, we're having leftovers tomorrow",
            "Bank transfer will be done tomorrow morning",
            "Raid night with the guild tonight at 8, who's in?",
            "My operation is scheduled for Tuesday, wish me luck",
            "Tomorrow at 6am we're heading to the cottage, convoy of three cars",
        ],
    ),
    "en.ops.badge-photo": (
        "en",
        "PS07",
        "moderate",
        [
            "[photo of my new building pass]",
            "Finally got my access badge, first day!",
            "Here's my new work badge, looking official",
            "Pic of my security pass, the photo is terrible",
        ],
        [
            "Got my merit badge from scouts today!",
            "Here's my new ski pass for the season",
            "Photo of my conference badge at the festival pass tent",
            "New bus pass, commute sorted",
            "Got my new badge at the library, free books!",
        ],
    ),
    "en.ops.floor-building": (
        "en",
        "PS07",
        "moderate",
        [
            "I'm on the 7th floor of Tower B at Place du Portage",
            "Our team is on the 12th floor of the Jean Edmonds tower",
            "Building 7, 2nd floor at Tunney's Pasture, come say hi",
            "Tower A, 14th floor, the coffee is terrible",
        ],
        [
            "We live on the 2nd floor of the house",
            "The top floor of the cottage has the best view",
            "Floor hockey tournament at the school tonight",
            "Mopped the floor, it's shining",
            "Our office is on the 3rd floor, the elevator is slow",
        ],
    ),
    # ---------------------------------- fr/ps08-vie-privee.yaml, ps07 (clients, operations)
    "fr.clients.lieu": (
        "fr",
        "PS08",
        "high",
        [
            "Mon patient de la chambre 12 a encore arraché son soluté",
            "Un détenu du secteur B a inondé sa cellule",
            "La civière 7 crie encore, ça fait trois heures",
            "La madame du lit 4 veut encore partir",
        ],
        [
            "La chambre 12 est réservée pour la réunion",
            "Le client au comptoir était très gentil",
            "Un jeune de la classe de ma fille a gagné le concours",
            "Réunion dans le local du 3e à 10h",
        ],
    ),
    "fr.clients.photo": (
        "fr",
        "PS08",
        "high",
        [
            "[photo de mon patient après son opération]",
            "Photo de la cellule du détenu après la fouille lol",
            "Vidéo de mes élèves pendant l'examen, regardez-les suer",
            "Capture d'écran de son dossier, vous allez rire",
        ],
        [
            "Photo de classe de mes élèves pour l'album",
            "Photo de mon chien à la plage",
            "Vidéo du coucher de soleil au bureau",
            "Photo de mon lunch santé",
        ],
    ),
    "fr.clients.nom-moquerie": (
        "fr",
        "PS08",
        "high",
        [
            "Mon élève qui s'appelle Jayden sait même pas écrire son nom lol",
            "La cliente s'appelle Ginette, pas la lumière au bout du tunnel",
            "Un patient nommé Gaston aujourd'hui, complètement fou 😂",
            "Le détenu qui s'appelle Ti-Loup pue tellement",
        ],
        [
            "Mon élève qui s'appelle Léa a gagné l'expo-sciences, fière d'elle",
            "Une patiente nommée Rita nous a apporté des biscuits",
            "Mon chat s'appelle Biscuit lol",
            "Le nouveau système s'appelle Écho, pas pire",
        ],
    ),
    "fr.clients.details-cas": (
        "fr",
        "PS08",
        "moderate",
        [
            "Mon patient a fait une surdose encore en fin de semaine",
            "Le détenu est condamné pour incendie criminel",
            "Une cliente de ma charge de cas est enceinte et sous méthadone",
            "Le prestataire est bipolaire et refuse sa médication",
        ],
        [
            "Mon patient a 30 ans d'expérience comme mécanicien, il m'a tout expliqué",
            "Mes élèves ont lu trois livres ce mois-ci",
            "Une journée record à la clinique de vaccination",
            "Le client a acheté des livres pour sa fille",
        ],
    ),
    "fr.ops.codes": (
        "fr",
        "PS07",
        "high",
        [
            "Le code de la porte c'est 4471",
            "Mot de passe du wifi : Erable2024!",
            "mdp du vpn = Ottawa#1",
            "Le code du quai est encore 1234",
        ],
        [
            "Le mot de passe du wifi est vraiment trop long",
            "Changez votre mot de passe tous les 90 jours",
            "La porte est barrée après 18h, utilisez votre carte",
            "Le code vestimentaire est décontracté vendredi",
        ],
    ),
    "fr.ops.faille": (
        "fr",
        "PS07",
        "high",
        [
            "Les caméras de l'aile C sont encore en panne, un seul agent de nuit au pénitencier",
            "Angle mort dans la clôture derrière le gymnase de l'établissement",
            "Le portique de l'inspection primaire est brisé depuis lundi au poste frontalier",
            "La porte de la salle des serveurs reste ouverte tout le temps",
        ],
        [
            "La caméra de mon cellulaire est brisée, des suggestions?",
            "Ouvrez vos caméras pendant la réunion d'équipe svp",
            "La clôture de ma cour est tombée avec la tempête",
            "L'ascenseur de notre édifice est en panne encore",
        ],
    ),
    "fr.ops.descente": (
        "fr",
        "PS07",
        "high",
        [
            "Perquisition demain à 5h, on entre par l'arrière",
            "Transfert des détenus prévu jeudi à 6h, notre équipe fait l'escorte",
            "La descente chez le suspect est planifiée mardi à l'aube",
            "Fouille des cellules ce soir, on commence à minuit",
        ],
        [
            "Descente de ski demain à 9h, on part tôt!",
            "Transfert Interac envoyé demain matin, on se revoit",
            "Mon opération est prévue mardi, souhaitez-moi bonne chance",
            "Descente en canot samedi, on part à 8h",
            "Demain à 6h on part au chalet, convoi de trois autos",
        ],
    ),
    "fr.ops.carte-photo": (
        "fr",
        "PS07",
        "moderate",
        [
            "[photo de ma nouvelle carte d'accès]",
            "Voici mon badge d'accès, premier jour!",
            "J'ai enfin reçu ma carte d'employé",
            "Photo de mon laissez-passer de sécurité, la photo est affreuse",
        ],
        [
            "Voici mon laissez-passer de ski pour la saison",
            "J'ai reçu ma carte de Costco",
            "Photo de ma nouvelle passe d'autobus",
            "J'ai enfin reçu mon passeport pour le voyage",
        ],
    ),
    "fr.ops.etage-edifice": (
        "fr",
        "PS07",
        "moderate",
        [
            "Je suis au 7e étage de la tour B à Place du Portage",
            "Notre équipe est au 12e étage de l'édifice Jean-Edmonds",
            "Édifice 7, 2e étage au pré Tunney, venez dire bonjour",
            "Tour A, 14e étage, le café est mauvais",
        ],
        [
            "On habite au 2e étage de la maison",
            "L'étage du chalet a la plus belle vue",
            "Tournoi de hockey cosom au gymnase ce soir",
            "J'ai lavé le plancher, il brille",
            "Notre bureau est au 3e étage, l'ascenseur est lent",
        ],
    ),
}

POSITIVES = [
    (rule_id, lang, code, level, text)
    for rule_id, (lang, code, level, pos, _neg) in TABLE.items()
    for text in pos
]
NEGATIVES = [
    (rule_id, lang, text)
    for rule_id, (lang, _code, _level, _pos, neg) in TABLE.items()
    for text in neg
]
CONTEXT = Context()
# rules that count only in some context, and that context
RULE_CONTEXT = {
    "en.gift.work-hospitality": Context(about_own_work=True),
    "fr.cadeau.travail": Context(about_own_work=True),
}


def _ctx(rule_id: str) -> Context:
    return RULE_CONTEXT.get(rule_id, CONTEXT)


@pytest.fixture(scope="module")
def rules_engine() -> Engine:
    return Engine(learned=False)


@pytest.fixture(scope="module")
def batch_positive(rules_engine: Engine):
    posts = [(Post(text, lang=lang), _ctx(r)) for r, lang, _c, _l, text in POSITIVES]
    return dict(
        zip([(p[0], p[-1]) for p in POSITIVES], rules_engine.assess_batch(posts), strict=True)
    )


@pytest.fixture(scope="module")
def batch_negative(rules_engine: Engine):
    posts = [(Post(text, lang=lang), _ctx(r)) for r, lang, text in NEGATIVES]
    return dict(
        zip([(n[0], n[-1]) for n in NEGATIVES], rules_engine.assess_batch(posts), strict=True)
    )


def test_every_new_rule_has_its_table_row(rules_engine: Engine) -> None:
    prefixes = (
        "en.threat.",
        "en.hate.",
        "en.disrespect.profane-insult",
        "en.workplace.profane-boss",
        "fr.menace.",
        "fr.haine.",
        "fr.irrespect.sacre-cible",
        "fr.irrespect.insulte-vulgaire",
        "fr.travail.sacre-patron",
        "en.campaign.",
        "fr.campagne.",
        "en.gift.",
        "en.business.",
        "fr.cadeau.",
        "fr.affaires.",
        "en.clients.",
        "en.ops.",
        "fr.clients.",
        "fr.ops.",
    )
    ids = {r.id for r in rules_engine.rules() if r.id.startswith(prefixes)}
    assert ids == set(TABLE), sorted(ids ^ set(TABLE))
    for rule_id, (_lang, _code, _level, pos, neg) in TABLE.items():
        assert len(pos) >= 3 and len(neg) >= 3, rule_id


def _check_positive(a, rule_id: str, code: str, level: str, text: str) -> None:
    fired = [f.rule_id for f in a.findings]
    assert rule_id in fired, (text, fired)
    raised = {c.code: c.level.value for c in a.considerations}
    assert raised.get(code) == level, (text, raised)


@pytest.mark.parametrize(("rule_id", "lang", "code", "level", "text"), POSITIVES)
def test_blatant_post_raises_its_code(
    rules_engine, batch_positive, rule_id, lang, code, level, text
):
    one = rules_engine.assess(Post(text, lang=lang), _ctx(rule_id))
    _check_positive(one, rule_id, code, level, text)
    batch = batch_positive[(rule_id, text)]
    _check_positive(batch, rule_id, code, level, text)
    assert one == batch


@pytest.mark.parametrize(("rule_id", "lang", "text"), NEGATIVES)
def test_hard_negative_raises_nothing_from_the_rule(
    rules_engine, batch_negative, rule_id, lang, text
):
    one = rules_engine.assess(Post(text, lang=lang), _ctx(rule_id))
    assert rule_id not in [f.rule_id for f in one.findings], (text, one.findings)
    batch = batch_negative[(rule_id, text)]
    assert rule_id not in [f.rule_id for f in batch.findings], (text, batch.findings)
    assert one == batch


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Con mi familia en la playa, con sol y con amigos", None),
        ("Je pense que je vais au bureau demain", "fr"),
        (
            "Watched the leaders' debate: Poilievre and Carney go at it, Singh too. Now go vote!",
            "en",
        ),
        (
            "Debate night with friends, no idea who to vote for yet between Carney and Poilievre",
            "en",
        ),
        ("My team just launched the new online service for clients. Thank you all!", "en"),
        ("So proud of my team, they are amazing", "en"),
        (
            "Huge thanks to our team: the new passport service launched today and the feedback from clients has been great",
            "en",
        ),
        ("Bravo à mon équipe qui a lancé le nouveau service en ligne. Merci!", "fr"),
    ],
)
def test_known_false_alarms_stay_quiet(rules_engine: Engine, text: str, lang: str | None) -> None:
    """Former false alarms: Spanish 'con' as an insult, 'je' as political activity, a
    neutral debate post as partisan, a manager's thanks for a launched service as high."""
    ctx = Context(role="manager", followers=2500, identifiable=True, about_own_work=True)
    for c in (CONTEXT, ctx):
        a = rules_engine.assess(Post(text, lang=lang), c)
        codes = {x.code for x in a.considerations}
        assert not codes & {"PS01", "PS03", "PS11", "PS08"}, (text, a.findings)
        assert a.level.value != "high", (text, a.findings)
