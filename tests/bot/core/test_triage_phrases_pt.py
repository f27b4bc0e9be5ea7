"""Portuguese phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    "o amigo do meu padrasto apalpou-me na festa",  # my stepdad's friend groped me at the party
    "ele mete a mao por baixo da minha blusa quando a mae sai",  # he puts his hand under my top when mum goes out
    "o marido da carer entra no meu quarto de madrugada",  # my carer's husband comes into my room in the small hours
    "um homem do roblox quer se encontrar comigo no shopping",  # a man from Roblox wants to meet me at the shopping centre
    "o treinador disse para eu nao contar a minha mae sobre as boleias no carro dele",  # the coach told me not to tell my mum about the lifts in his car
    "um gajo do insta ameaca publicar as minhas fotos",  # a guy from Insta threatens to post my photos
    "uns caras mais velhos obrigam-me a vender droga na estacao",  # some older guys make me sell drugs at the station
    "tenho de levar umas mochilas pra outra cidade todas as semanas",  # I have to take some rucksacks to another city every week
    "o meu namorado tem 26 anos e eu 14",  # my boyfriend is 26 and I'm 14
    "a minha mãe diz que eu sou um estorvo",  # my mum says I'm a nuisance
    "a cuidadora chama-me de inutil todos os dias",  # the carer calls me useless every day
    "a familia de acolhimento ameaca devolver-me ao lar",  # the foster family threatens to send me back to the children's home
    "os meus pais querem me obrigar a casar com um primo",  # my parents want to force me to marry a cousin
    "querem levar a minha irma pra guine pra ser fanada",  # they want to take my sister to Guinea to be cut (FGM)
    "o meu pai diz que me mata se eu desonrar a familia",  # my dad says he'll kill me if I dishonour the family
    "o namorado da minha mãe me toca quando ela sai",  # my mum's boyfriend touches me when she goes out
])
def test_pt_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "o meu namorado comprou-me flores",  # my boyfriend bought me flowers
    "trabalho num cafe aos sabados",  # I work in a café on Saturdays
    "a minha mae e rigida, nao me deixa sair a noite",  # my mum is strict, she won't let me go out at night
    "o meu gato entra no meu quarto de noite e dorme comigo",  # my cat comes into my room at night and sleeps with me
    "o meu pai entra no meu quarto a noite para me dar boa noite",  # my dad comes into my room at night to say goodnight
    "no gta vendo droga para ganhar dinheiro kkkk",  # in GTA I sell drugs to make money lol
    "a minha irma ameaca postar as minhas fotos de bebe kkk",  # my sister threatens to post my baby photos lol
    "o meu irmao disse pra eu nao contar a minha mae que ele partiu o vaso",  # my brother told me not to tell mum he broke the vase
    "um rapaz do fortnite deu-me uma skin, fixe",  # a boy on Fortnite gave me a skin, cool
    "o professor diz que sou muito madura para a minha idade",  # the teacher says I'm very mature for my age
    "eu e o meu namorado vamos casar em junho, estou tao feliz",  # my boyfriend and I are getting married in June, so happy
    "o treinador diz que eu sou peso leve",  # the coach says I'm a lightweight
    "ya tengo 21 y no me toca la ayuda",  # Spanish: I am 21 now and not entitled to the help
])
def test_pt_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
