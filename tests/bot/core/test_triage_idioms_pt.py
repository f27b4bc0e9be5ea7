"""Portuguese (Brazilian and European) no-fire idioms: a parent who "vai me matar / mata-me" over marks, lateness, a
broken phone or a yogurt, laughter and hunger, homework "killing me", games and sport injuries, pets and play,
harmless fears, sibling banter and a dead phone stay quiet; the harm beside each still raises safeguarding."""
import pytest

from bot.core.triage.engine import triage


@pytest.mark.parametrize("text", [
    "minha mãe vai me matar quando ver meu boletim",  # my mum's going to kill me when she sees my report card
    "minha mae vai me matar se eu chegar tarde",  # my mum's going to kill me if I get home late
    "minha mae me mata se eu tirar nota baixa",  # my mum will kill me if I get a bad mark
    "minha mãe vai me matar pq quebrei o celular",  # my mum's going to kill me cos I broke the phone
    "a minha mãe vai-me matar se eu chegar atrasada outra vez",  # my mum will kill me if I'm late again (PT-PT)
    "o meu pai vai-me matar quando vir a pauta",  # my dad will kill me when he sees the grades sheet (PT-PT)
    "minha vó vai me matar se descobrir que comi o último iogurte",  # my gran will kill me if she finds out I ate the last yogurt
    "tenho fome kkk",  # I'm hungry lol
    "morri de rir com esse vídeo kkkkk",  # I died laughing at that video lol
    "os tpc estão a matar-me",  # the homework is killing me (PT-PT)
    "esse dever de casa tá me matando",  # this homework is killing me
    "me mataram no free fire kkk",  # they killed me in Free Fire lol
    "bati a cabeça no balanço",  # I banged my head on the swing
    "minha irmãzinha me atacou com cócegas",  # my little sister attacked me with tickles
    "tenho medo de ir ao dentista",  # I'm scared of going to the dentist
    "tenho medo do escuro em casa",  # I'm scared of the dark at home
    "tenho medo de palhaço",  # I'm scared of clowns
    "se meu irmão pegar meu xbox de novo eu mato ele",  # if my brother takes my xbox again I'll kill him
    "meu celular morreu",  # my phone died
])
def test_pt_idioms_do_not_raise_safeguarding(text):
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "vou me matar kkkk",  # I'm going to kill myself lol (about oneself: never an idiom)
    "o meu padrasto vai me matar kkk é sério",  # my stepdad's going to kill me lol, seriously
    "levei uma surra do meu pai",  # my dad gave me a beating
    "cortei os pulsos de novo depois do treino",  # I cut my wrists again after training
    "meu padrasto vai me matar se eu contar pra alguém",  # my stepdad will kill me if I tell anyone
    "ele disse que me mata se eu falar",  # he said he'll kill me if I talk
    "a minha mãe vai me matar se souber que eu contei à assistente social",  # mum will kill me if she finds out I told the social worker
    "eu vou me matar se eu reprovar",  # I'm going to kill myself if I fail
    "minha mãe me mata se eu tirar nota baixa, da última vez me bateu com o cinto",  # mum will kill me if I get a bad mark, last time she hit me with the belt
    "se eu chegar tarde meu padrasto me mata na porrada",  # if I'm late my stepdad beats me senseless
    "quero morrer",  # I want to die
    "me corto quando fico triste",  # I cut myself when I'm sad
    "tenho medo de voltar pra casa",  # I'm scared of going back home
    "tenho medo do escuro porque meu padrasto entra no meu quarto de noite",  # I'm scared of the dark because my stepdad comes into my room at night
    "meu padrasto me mordeu",  # my stepdad bit me
    "o namorado da minha mãe me bateu",  # my mum's boyfriend hit me
    "estou com fome, não tem nada pra comer em casa",  # I'm hungry, there's nothing to eat at home
])
def test_pt_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
