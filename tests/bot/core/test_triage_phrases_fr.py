"""French phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    "le pote de mon beau-père essaie de me tripoter quand ma mère est pas là",  # my stepdad's mate tries to grope me when mum isn't there
    "le copain de maman vient dans ma chambre la nuit et ferme la porte",  # mum's boyfriend comes into my room at night and shuts the door
    "l'éduc me mate quand je sors de la douche",  # the care worker ogles me when I get out of the shower
    "un homme sur roblox veut qu'on se voie samedi",  # a man on Roblox wants us to meet on Saturday
    "un monsieur de 40 ans m'a dit de rien dire à mes éducs",  # a 40-year-old man told me to say nothing to my care workers
    "un mec sur snap menace de balancer mes photos",  # a guy on Snap threatens to leak my photos
    "des grands m'obligent à dealer en bas de la tour",  # older boys make me deal at the bottom of the tower block
    "il me paie mes clopes et maintenant je lui dois 100 balles",  # he pays for my cigs and now I owe him 100 quid
    "on m'emmène à des soirées avec des hommes plus âgés",  # they take me to parties with older men
    "ma mère dit que je suis un fardeau",  # my mum says I'm a burden
    "ma mère regrette de m'avoir eue",  # my mum regrets having me
    "ma tante menace de me mettre à la porte",  # my aunt threatens to throw me out
    "mes parents veulent me marier au bled",  # my parents want to marry me off back home
    "ma grand-mère veut faire exciser ma petite soeur",  # my gran wants to have my little sister cut (FGM)
    "mon frère dit qu'il me tuera si je déshonore la famille",  # my brother says he'll kill me if I dishonour the family
])
def test_fr_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "mon copain m'a offert des fleurs",  # my boyfriend gave me flowers
    "je bosse dans un café le samedi",  # I work in a café on Saturdays
    "ma mère est stricte, je peux pas sortir le soir",  # my mum is strict, I can't go out in the evening
    "mon petit frère il vient dans mon lit la nuit quand il a peur",  # my little brother gets into my bed at night when he's scared
    "mon père vient dans ma chambre le soir pour me dire bonne nuit",  # my dad comes to my room in the evening to say goodnight
    "dans gta je deal de la drogue pour avoir des thunes mdr",  # in GTA I deal drugs for cash lol
    "ma soeur menace de montrer mes photos de bébé à mes potes mdr",  # my sister threatens to show my baby photos to my mates lol
    "ma meilleure amie m'a dit de rien dire à personne qu'elle aime lucas",  # my best friend told me not to tell anyone she likes Lucas
    "un gars sur fortnite m'a offert un skin trop sympa",  # a guy on Fortnite gave me a skin, really nice
    "ma mère dit qu'elle va me mettre dehors si je range pas ma chambre mdr",  # mum says she'll throw me out if I don't tidy my room lol
    "le ballon est passé entre mes jambes, grosse honte",  # the ball went between my legs, so embarrassing
    "en cours on a parlé du mariage forcé",  # in class we talked about forced marriage
])
def test_fr_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
