"""French no-fire idioms: a parent's "va me tuer" over lateness, marks, a trivial deed or with a laugh, dying of
heat, songs that "kill", games and sport, pets and little siblings at play, harmless fears, sibling banter, a dead
battery and "me tape sur les nerfs" stay quiet; the real threat or harm beside each still raises safeguarding."""
import pytest

from bot.core.triage.engine import idiom_free, triage


@pytest.mark.parametrize("text", [
    "ma daronne va me tuer mdr",  # my mum's going to kill me lol
    "ma mère va me tuer si je rentre après minuit",  # my mum will kill me if I get home after midnight
    "mon père va me tuer quand il va voir mon bulletin",  # my dad will kill me when he sees my school report
    "ma mère va me tuer quand elle va voir mes cheveux",  # my mum will kill me when she sees my hair
    "mon daron va me tuer j'ai cassé mon tel",  # my dad's going to kill me, I broke my phone
    "mon père va me buter si je rate mon bac",  # my dad will murder me if I fail my A levels
    "il fait une chaleur à mourir dans ma chambre",  # it's deadly hot in my room
    "ce son me tue",  # this track kills me
    "il m'a battu à mario kart",  # he beat me at Mario Kart
    "mon frère me bat toujours à fifa",  # my brother always beats me at FIFA
    "je me suis cassé le bras au foot",  # I broke my arm at football
    "je me suis pris un ballon dans la tête en eps",  # I took a ball to the head in PE
    "mon chat me griffe tout le temps",  # my cat scratches me all the time
    "mon petit frère me tape avec son doudou",  # my little brother hits me with his cuddly toy
    "j'ai peur des araignées",  # I'm scared of spiders
    "j'ai peur des piqûres",  # I'm scared of injections
    "j'ai peur de rater mon permis",  # I'm scared of failing my driving test
    "j'ai peur de rentrer en 6e",  # I'm scared of starting Year 7
    "je vais étrangler ma soeur si elle prend encore mes fringues",  # I'll strangle my sister if she takes my clothes again
    "ma batterie est morte et ma mère m'attend",  # my battery's dead and my mum is waiting for me
    "le prof me tape sur les nerfs",  # the teacher gets on my nerves
])
def test_fr_idioms_are_blanked_and_triage_stays_quiet(text):
    assert idiom_free(text)[1]
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "mon beau-père va me tuer si je dis quelque chose",  # my stepdad will kill me if I say anything
    "il va me tuer si je parle mdr",  # he'll kill me if I talk lol (a threat, even with a laugh)
    "mon père dit qu'il va me tuer ptdr mais il a vraiment un couteau",  # dad says he'll kill me lol but he really has a knife
    "ma mère va me tuer mdr mais en vrai elle m'a déjà frappée",  # mum will kill me lol but really she's hit me before
    "mon père va me tuer quand il va voir que j'ai parlé à ma prof",  # dad will kill me when he sees I talked to my teacher
    "après les cours mon beau-père va me tuer",  # after school my stepdad is going to kill me
    "mon beau-père m'a tapé quand il a vu mes cheveux",  # my stepdad hit me when he saw my hair
    "ma mère me frappe quand j'ai une mauvaise note",  # my mum hits me when I get a bad mark
    "l'entraîneur m'a frappé pendant l'entraînement",  # the coach hit me during training
    "je me suis cassé le bras parce que mon beau-père m'a poussé",  # I broke my arm because my stepdad pushed me
    "le chien de mon beau-père, il le lâche sur moi exprès",  # my stepdad's dog, he sets it on me on purpose
    "je me brûle avec un briquet",  # I burn myself with a lighter
    "je suis mort à l'intérieur, je veux plus vivre",  # I'm dead inside, I don't want to live any more
    "j'ai peur de mon beau-père quand il a bu",  # I'm scared of my stepdad when he's been drinking
    "j'ai peur du noir parce que mon beau-père vient dans ma chambre la nuit",  # I'm scared of the dark because my stepdad comes into my room at night
    "je meurs de faim, on m'a rien donné à manger depuis hier",  # I'm starving, nobody has given me anything to eat since yesterday
    "je vais tuer mon frère il m'a touchée",  # I'm going to kill my brother, he touched me
])
def test_fr_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
