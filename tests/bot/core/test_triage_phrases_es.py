"""Spanish phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    "el amigo de mi padrastro me mete mano cuando nadie mira",  # my stepdad's friend gropes me when nobody is looking
    "el novio de mi madre entra en mi cuarto por la noche y cierra la puerta",  # mum's boyfriend comes into my room at night and shuts the door
    "un chaval de clase tiene fotos mias desnuda",  # a lad in my class has naked photos of me
    "un señor de roblox me pide mi dirección",  # a man on Roblox is asking for my address
    "un hombre me escribe por privado y me dijo que no se lo contara a mis acogedores",  # a man DMs me and told me not to tell my foster carers
    "el chico de snap amenaza con publicar mis fotos",  # the guy from Snapchat threatens to post my photos
    "unos chavales mayores me obligan a vender en el parque",  # some older lads make me sell in the park
    "le debo dinero a un chico y ahora tengo que trabajar para el hasta pagarlo",  # I owe a guy money and now I have to work for him until it's paid off
    "mi novio tiene 24 y yo 14",  # my boyfriend is 24 and I'm 14
    "mi madrastra dice que soy un estorbo",  # my stepmum says I'm a nuisance in the way
    "mi madre se arrepiente de haberme tenido 😔",  # my mum regrets having me
    "mi madre amenaza con echarme a la calle",  # my mum threatens to throw me out on the street
    "mis padres me quieren casar con un primo",  # my parents want to marry me off to a cousin
    "me quieren llevar a pakistan para casarme",  # they want to take me to Pakistan to get me married
    "mi tio dice que me matara si deshonro a la familia",  # my uncle says he'll kill me if I dishonour the family
    "llevo una semana cortándome otra vez",  # I've been cutting myself again for a week
    "me estoy cortando y nadie lo sabe",  # I'm cutting myself and nobody knows
    "mi novio me ha pegado dos veces",  # my boyfriend has hit me twice
])
def test_es_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "mi novio me ha regalado flores 🌹",  # my boyfriend bought me flowers
    "trabajo en una cafeteria los sabados",  # I work in a café on Saturdays
    "mi madre es estricta y no me deja salir entre semana",  # my mum is strict and won't let me go out on weeknights
    "mi hermanita se mete en mi cama por la noche cuando hay tormenta",  # my little sister gets into my bed at night when there's a storm
    "mi abuela dice que soy su favorita jaja",  # my gran says I'm her favourite haha
    "en el GTA vendo droga para conseguir pasta jajaja",  # in GTA I sell drugs to get cash hahaha
    "mi hermana amenaza con subir mis fotos de bebe 😂",  # my sister threatens to post my baby photos
    "mi amiga me dijo que no se lo contara a nadie que le gusta pablo",  # my friend told me not to tell anyone she fancies Pablo
    "en la peli mulan dicen deshonra sobre toda tu familia jaja",  # in the film Mulan they say dishonour on your whole family haha
    "mi madre me dice que me va a echar de casa si no recojo el cuarto jaja",  # mum says she'll kick me out if I don't tidy my room haha
    "me obligan a llevar el uniforme en el insti",  # they make me wear uniform at school
    "mi prima se casa con su novio en junio!",  # my cousin is marrying her boyfriend in June!
    "el señor de la cafeteria me da dinero al final del turno",  # the man at the café pays me at the end of the shift
    "mañana me estoy cortando el pelo en la peluqueria",  # tomorrow I'm getting my hair cut at the hairdresser's
    "cortándome las uñas ahora jaja",  # cutting my nails now haha
    "mi hermano me ha pegado el resfriado",  # my brother gave me his cold
])
def test_es_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
