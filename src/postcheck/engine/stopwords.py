"""Words that never explain a finding, in English and French.

A model weighs every token, and some of its weights land on words that carry no
meaning ("is", "a", « je », "honestly"): shown to a manager as "the words that raised
this", they read like evidence against a person. Explanations keep only features
with at least one word outside this list. (Read on folded text: lower case, no
accents.)
"""

from __future__ import annotations

_EN = """
a about above after again against all am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do
does doesn't doing don't down during each few for from further had hadn't has hasn't
have haven't having he he'd he'll he's her here here's hers herself him himself his how
how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
mustn't my myself no nor not of off on once only or other ought our ours ourselves out
over own same shan't she she'd she'll she's should shouldn't so some such than that
that's the their theirs them themselves then there there's these they they'd they'll
they're they've this those through to too under until up very was wasn't we we'd we'll
we're we've were weren't what what's when when's where where's which while who who's
whom why why's with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves
im dont cant wont thats its ive id ill youre theyre isnt wasnt didnt doesnt
also just really actually honestly literally basically like well so yeah yes ok okay
lol lmao haha omg oh hey hi guess still even ever now today get got go going gonna
one two thing things way much many lot lots every everyone anyone someone something
"""

_FR = """
a au aux avec ce ces cet cette c'est dans de des du elle elles en et eux il ils je j'ai
la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas
pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n
s t y ete etre avoir ai as avons avez ont suis es est sommes etes sont etait etais
etions fait faire plus moins tres bien tout tous toute toutes aussi alors donc car si
ni comme quand ca ici la-bas cela celui celle ceux celles dont lequel laquelle
pis tsé tse genre ben bin la la faque fak ya y'a chu chus ca c'te st'
vraiment juste honnetement franchement litteralement mdr lol ptdr ok oui non bon ouin
quoi hein ben aujourd'hui encore deja toujours jamais rien quelque chose
"""

STOP_WORDS: frozenset[str] = frozenset(_EN.split()) | frozenset(_FR.split())


def explains(feature: str) -> bool:
    """A model feature (a word, or two words joined by a space) may explain a finding:
    it is not a context feature and holds a word that carries meaning (two letters
    or more, or an emoji) outside :data:`STOP_WORDS`."""
    if feature.startswith("ctx:"):
        return False
    return any(w not in STOP_WORDS and (len(w) >= 2 or not w.isascii()) for w in feature.split(" "))


__all__ = ["STOP_WORDS", "explains"]
