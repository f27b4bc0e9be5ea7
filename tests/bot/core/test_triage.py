"""Triage raises the right flags per language, and stays quiet on idioms and everyday answers."""
import pytest

from bot.core.triage import triage

S, C, A = "safeguarding", "complaint", "advocacy"

FIRES = [
    # (language, text, expected flags)
    ("en", "my mums boyfriend hits me", {S}),
    ("en", "he keeps touching me and says its our secret", {S}),
    ("en", "i want to kms", {S}),
    ("en", "ive been self harming again", {S}),
    ("en", "there is no food in the house and nobody feeds us", {S}),
    ("en", "they lock me in my room", {S}),
    ("en", "some older boys make me carry packages for them", {S}),
    ("en", "im gonna run away 2nite", {S}),
    ("en", "im being bullied and they said theyll stab me", {S}),
    ("en", "a guy on snap is 25 and wants to meet up", {S}),
    ("en", "im scared to go home", {S}),
    ("en", "my stepmum calls me worthless", {S}),
    ("en", "he restrains me when i cry", {S}),
    ("en", "he held me down on the floor", {S}),
    ("en", "my dad lobbed a plate at my head again", {S}),
    ("ar", "baba dafashni 3al 7eet", {S}),  # Arabizi: dad pushed me into the wall
    ("tr", "2 gundur eve gitmedim", {S}),  # "I haven't gone home for 2 days"
    ("en", "he hurts my mum when hes drunk", {S}),
    ("en", "ive started drinking before school to get through the day", {S}),
    ("en", "i wanna compalin about my carer", {C}),
    ("en", "my sw never rings me back", {C}),
    ("en", "they moved me without asking me", {C}),
    ("en", "its not fair", {C}),
    ("en", "nobody listens to me", {C}),
    ("en", "i want an advocat", {A}),
    ("en", "can someone help me say what i want at my review", {A}),
    ("en", "i want someone on my side", {A}),
    ("en", "i want an advocate to help me complain, my carer hit me", {S, C, A}),
    ("cy", "Mae dad yn fy nharo i", {S}),
    ("cy", "Dw i eisiau marw", {S}),
    ("cy", "Dw i eisiau gwneud cwyn", {C}),
    ("cy", "Dw i eisiau eiriolwr", {A}),
    ("pl", "Ojczym mnie bije", {S}),
    ("pl", "Nie chce juz zyc", {S}),
    ("pl", "Chcę złożyć skargę", {C}),
    ("pl", "Potrzebuję rzecznika", {A}),
    ("ro", "Tatal meu ma bate", {S}),
    ("ro", "Vreau sa depun o plangere", {C}),
    ("ro", "Vreau un avocat", {A}),
    ("ar", "أبي يضربني", {S}),
    ("ar", "أريد تقديم شكوى", {C}),
    ("ar", "أريد محامي", {A}),
    ("ur", "میرے ابو مجھے مارتے ہیں", {S}),
    ("ur", "mujhe shikayat karni hai", {C}),
    ("ur", "mere abbu mujhe marte hain", {S}),
    ("ur", "mujhe wakeel chahiye", {A}),
    ("es", "Mi padre me pega", {S}),
    ("es", "Quiero hacer una queja", {C}),
    ("es", "Quiero un defensor", {A}),
    ("pt", "O meu pai bate-me", {S}),
    ("fr", "Mon père me frappe", {S}),
    ("fr", "il m'a abusée quand j'avais 12 ans", {S}),
    ("en", "im scared to say what my stepdad does to me", {S}),
    ("pt", "tenho medo de falar sobre o que o meu pai faz comigo", {S}),
    ("cy", "ma nhw n gneud fi gario bagia iddyn nhw", {S}),
    ("ar", "abouya byedrabni kol yom", {S}),  # Arabizi: "my dad hits me every day"
    ("tr", "bakim evindeki gorevliler beni yere bastirdi", {S}),  # staff held me down on the floor
    ("tr", "Babam beni dövüyor", {S}),
    ("fa", "پدرم مرا کتک می‌زند", {S}),
    ("sq", "Babai më rreh", {S}),
    # The idioms below ("va me tuer" about tests, "vai me matar kkk") leave a person's threat standing.
    ("fr", "mon beau-père va me tuer si je parle", {S}),
    ("pt", "ele vai me matar se eu contar", {S}),
    ("en", "he made me do stuff to him", {S}),
    ("en", "he said hed kill me if i told anyone", {S}),
    ("es", "llevo días sin comer bien", {S}),  # "I've gone days without eating properly"
    ("pl", "w hostelu ktoś mi groził nożem", {S}),  # "someone threatened me with a knife at the hostel"
    ("en", "people are smoking crack on the stairs", {S}),
]

QUIET = [
    "my sister will kill me when she sees i wore her hoodie 😂",  # a trivial deed found out
    "my mums gonna kill me when she sees my hair",
    "whats an independent visitor?",  # asking what a service is, not asking for someone independent
    "ma mère va me tuer si j'rentre encore en retard",  # fr: lateness, apostrophe dropped
    "voy a cortarme el pelo mañana",  # es: a haircut
    "ma mère va me tuer si je rentre encore tard",  # fr: lateness
    "que es un advocate? nadie me lo ha dicho",  # asking what an advocate is, in every language
    "o que é um advocate? a minha amiga tem um",
    "advocate ne demek? abla söyledi",
    "advocate yani chi? nemidonam",
    "شو يعني advocate؟ ما بعرف",
    "co to jest advocate? kolega ma",
    "beth ydy eiriolwr? dwi ddim yn gwybod",
    "took 2 paracetamol for my headache, feel better now",  # an ordinary dose
    "boję się że wujek przyjdzie na urodziny bo jest nudny",  # afraid uncle will come: he's boring
    "this homework is killing me",
    "I'm dying to see my mum",
    "my brother hit the ball",
    "i could kill for a pizza",
    "i killed it at the talent show",
    "my friend beat me at fifa",
    "school is going ok",
    "I want to see my nan more",
    "im starving lol whats for tea",
    "no complaints, all good",
    "i dont need an advocate thanks",
    "nobody hits me here",
    "i'm not scared of the meeting",
    "my carer pushes me to do my homework",
    "can my teacher come to my review",
    "Me muero de ganas de ver a mi madre",
    "Me toca a mí",
    "cest trop abusé mdr",  # French slang for "that's too much": neither the French nor the English "abuse"
    "veteriner hemsiresi olmak istiyorum",  # "I want to be a vet nurse": olmak is not ölmek (die)
    "Tata mnie nie bije",
    "when im older i want to be a vet",  # not "older ... want" (exploitation)
    "coach made us do 20 laps",  # not "made us do" (sexual abuse)
    "so hungry i could eat a horse",
    "i broke my arm at trampolining last year",
    "ce prof de maths va me tuer avec ses contrôles",  # "this maths teacher will kill me with his tests"
    "essa prova vai me matar kkkkk",  # "this test will kill me lol"
    "llevo una semana sin comer dulces",  # "a week without sweets"
    "my brother said hed kill me if i touched his xbox again",
    "my mum will kill me if i forget her birthday again",
    "",
    "   ",
    "🙂👍",
]


@pytest.mark.parametrize("lang,text,flags", FIRES, ids=[f"{c[0]}:{c[1]}" for c in FIRES])
def test_phrase_raises_expected_flags_in_its_language(lang, text, flags):
    result = triage(text)
    assert frozenset(flags) <= result.flags, result.reasons
    # Safeguarding is deliberately raised on doubt (a miss costs five false alarms, crossval.MISS_COST);
    # no other flag may appear uninvited. Precision is measured by triage-eval and the QUIET table below.
    assert result.flags - frozenset(flags) <= {"safeguarding"}, result.reasons
    assert result.language == lang


@pytest.mark.parametrize("text", QUIET)
def test_idioms_negations_and_everyday_answers_raise_nothing(text):
    result = triage(text)
    assert result.flags == frozenset(), result.reasons


def test_flag_survives_mid_sentence_language_mix():
    assert triage("dw i ddim yn hapus, my dad hits me", "cy").flags == {S}


def test_every_flag_carries_a_reason_naming_its_language():
    result = triage("i want to end it all")
    assert result.reasons and all(r.startswith("safeguarding.") and "(en)" in r for r in result.reasons)


def test_repeated_letters_and_text_speak_still_match():
    assert S in triage("he hiiiiits meee").flags
    assert S in triage("i wanna dieeee").flags
    assert C in triage("its NOT FAIR!!!").flags


def test_learned_layer_overrules_a_keyword_rule_only_when_near_certain():
    from bot.core.triage.engine import RULE_VETO, combine, scan

    low = {"safeguarding": 0.01, "complaint": 0.01, "advocacy": 0.01}
    assert combine({"complaint"}, low) == set()
    assert combine({"advocacy"}, low | {"advocacy": RULE_VETO["advocacy"]}) == {"advocacy"}
    # A safeguarding phrase stands unless the model is at least 99% sure: a disclosure is never dropped on doubt.
    assert RULE_VETO["safeguarding"] <= 0.01
    assert combine({"safeguarding"}, low | {"safeguarding": RULE_VETO["safeguarding"]}) == {"safeguarding"}
    assert combine({"safeguarding"}, None) == {"safeguarding"}  # learned layer stayed out (idiom, no words)
    # With the real model: the keyword rule fires on "unfair" in a football match and is overruled.
    sport = "the ref was so unfair in the match today"
    assert "complaint" in scan(sport)[0]
    assert triage(sport).flags == frozenset()
    assert "complaint" in triage("my social worker is so unfair to me").flags
    assert "safeguarding" in triage("i got punched by my carer").flags


def test_a_denied_harm_phrase_needs_more_confidence_from_the_learned_layer():
    from bot.core.triage.engine import combine, scan

    denial = scan("Tata mnie nie bije")  # "dad doesn't hit me"
    assert denial.flags == set() and denial.denied == {S}
    assert scan("tata mnie bije").denied == set()  # "dad hits me": raised, not denied
    probs = {S: 0.45, C: 0.0, A: 0.0}
    assert combine(set(), probs) == {S}  # above the safeguarding threshold alone...
    assert combine(set(), probs, denied={S}) == set()  # ...but not after a denial
    assert combine(set(), probs | {S: 0.95}, denied={S}) == {S}  # a confident model still raises it
    assert S in triage("nobody knows he hits me").flags  # a negator that does not deny the harm


def test_in_a_complaint_or_advocacy_request_safeguarding_needs_more_unless_a_harm_phrase_fired():
    from bot.core.triage.engine import _SAFEGUARDING_MARGIN_IN_GRIEVANCE as margin, combine
    from bot.core.triage.model import THRESHOLDS

    borderline = THRESHOLDS[S] + margin / 2
    assert combine(set(), {S: borderline, C: 0.0, A: 0.0}) == {S}
    assert combine(set(), {S: borderline, C: 0.9, A: 0.0}) == {C}  # a grievance that reads like harm
    assert combine(set(), {S: borderline, C: 0.0, A: 0.9}) == {A}
    assert combine({C}, {S: borderline, C: 0.3, A: 0.0}) == {C}  # a complaint phrase counts as a grievance
    assert combine(set(), {S: THRESHOLDS[S] + margin, C: 0.9, A: 0.0}) >= {S}  # confident enough
    assert combine({S}, {S: borderline, C: 0.9, A: 0.0}) >= {S}  # a harm phrase is never held back


def test_in_a_clear_grievance_safeguarding_also_needs_the_reading_learned_from_grievances():
    from bot.core.triage.engine import (_CLEAR_GRIEVANCE_MARGIN as clear, _GRIEVANCE_READING_FLOOR as floor,
                                        _GRIEVANCE_READING_UNLESS as unless, combine)
    from bot.core.triage.model import SAFEGUARDING_AMONG_GRIEVANCES as G, THRESHOLDS

    harmish = unless - 0.05  # above the grievance margin, below "sure"
    complaint = {S: harmish, C: 0.9, A: 0.0}
    assert combine(set(), complaint | {G: floor + 0.05}) == {S, C}  # grievances like it were harm too
    assert combine(set(), complaint | {G: floor - 0.05}) == {C}  # among grievances it reads as none
    assert combine({C}, {S: harmish, C: 0.3, A: 0.0, G: 0.0}) == {C}  # a complaint phrase is clear
    assert combine(set(), complaint | {S: unless, G: 0.0}) >= {S}  # the main reading is sure enough
    assert combine({S}, complaint | {G: 0.0}) >= {S}  # a harm phrase is never held back
    # A weak learned complaint is not a clear grievance: "llevo dos semanas cortándome otra vez" read 0.54.
    weak = {S: harmish, C: THRESHOLDS[C] + clear / 2, A: 0.0, G: 0.0}
    assert S in combine(set(), weak)


def test_the_grievance_reading_tells_harm_within_a_complaint_from_a_complaint_about_the_service():
    from bot.core.triage.engine import learned_probabilities
    from bot.core.triage.model import SAFEGUARDING_AMONG_GRIEVANCES as G

    harm = learned_probabilities("i want to complain about my foster carer, she locks me in my room and "
                                 "wont give me food")
    service = learned_probabilities("can i make a complaint, my social worker cancelled our visit 4 times "
                                    "and doesnt answer her phone")
    assert harm[G] > 0.5 > 0.2 > service[G]
    assert S in triage("i want to complain about my foster carer, she locks me in my room and wont give me "
                       "food").flags


def test_in_an_advocacy_request_a_learned_complaint_needs_more_unless_a_complaint_phrase_fired():
    from bot.core.triage.engine import _COMPLAINT_MARGIN_IN_ADVOCACY as margin, combine
    from bot.core.triage.model import THRESHOLDS

    borderline = THRESHOLDS[C] + margin / 2
    assert combine(set(), {S: 0.0, C: borderline, A: 0.0}) == {C}
    assert combine(set(), {S: 0.0, C: borderline, A: 0.9}) == {A}  # "i want an advocate, nobody listens"
    assert combine({A}, {S: 0.0, C: borderline, A: 0.3}) == {A}  # an advocacy phrase counts too
    assert combine({C}, {S: 0.0, C: borderline, A: 0.9}) == {C, A}  # a complaint phrase stands
    assert combine(set(), {S: 0.0, C: THRESHOLDS[C] + margin, A: 0.9}) == {C, A}  # confident enough


def test_a_disclosure_buried_in_a_long_answer_is_read_in_windows():
    from bot.core.triage.engine import _LONG_MESSAGE_WORDS, learned_probabilities
    from bot.core.triage.model import get_model

    news = ("school is fine and i got picked for the netball team which is amazing, we went bowling on "
            "saturday and i won two games, my carer made lasagne and it was the best thing ever, ")
    buried = news + "my cousin keeps touching me when he babysits, anyway my nans birthday is next week"
    assert len(buried.split()) >= _LONG_MESSAGE_WORDS
    whole = get_model().flag_probabilities(buried)["safeguarding"]
    assert learned_probabilities(buried)["safeguarding"] > whole  # the window with the disclosure wins
    assert S in triage(buried).flags
    assert S not in triage(news + "anyway my nans birthday is next week and we are going for a meal").flags


def test_the_learned_layer_reads_the_emoji_the_phrase_lists_fold_away():
    from bot.core.triage.engine import learned_probabilities

    joke = "gonna kill my brother, he ate all my crisps again"  # (with "if he eats" an idiom blanks it all)
    laughing, plain = learned_probabilities(joke + " 😂"), learned_probabilities(joke)
    assert laughing["safeguarding"] < plain["safeguarding"]  # a laughing face makes it likelier a joke
    assert S not in triage("in bazi dare mano mikoshe 😂").flags  # "this game is killing me", in Finglish


@pytest.mark.parametrize("text,flags", [
    ("lo que me hace reir es mi perro", set()),  # "what makes me laugh", not "what he does to me"
    ("moja social worker nie odpisuje od trzech tygodni", {C}),  # Polish "od" (since) is not an overdose
    ("paying off my phone bill bit by bit", set()),  # folded "bil" is not Polish "bił" (hit)
    ("thats odd", set()),  # folded "od" is not an overdose either
    ("the drab weather is getting me down", set()),  # English "drab" is not Arabizi "drabni" (hits me)
    ("dwi di cael lle yn coleg i neud trin gwallt", set()),  # Welsh "gwallt" (hair) folds like Polish "gwałt"
    ("potrzebuję tego na gwałt", set()),  # Polish "na gwałt": in a hurry
    ("ojczym gwałci mnie", {S}),  # ...but "gwałci" (rapes) fires, in the present tense too
])
def test_phrase_lists_do_not_fire_on_other_languages_words(text, flags):
    from bot.core.triage.engine import scan

    assert scan(text).flags == flags


def test_a_religious_diet_ignored_is_a_complaint_not_food_withheld():
    from bot.core.triage.engine import scan

    assert S not in scan("foster carer mujhe halal khana nahi deti").flags
    assert S not in scan("یہاں حلال کھانا نہیں ملتا").flags
    assert S in scan("foster carer mujhe khana nahi deti").flags  # no food at all is still neglect
    assert S in scan("یہاں کھانا نہیں ملتا").flags
    assert S not in scan("yurtta helal yemek yok").flags  # tr: no halal food at the home
    assert S in scan("evde yemek yok").flags  # tr: no food at home


@pytest.mark.parametrize("text", [
    "swallowed about 15 tablets earlier, is that bad",  # an overdose asked about casually
    "he says its our speshul secrit",
    "ma 3ad badi a3ish",  # Arabizi: I don't want to live any more
    "sar li jem3a bfakker a2tol nafsi",  # Arabizi: I've been thinking of killing myself for a week
    "badi mout",  # Arabizi: I want to die
    "az napedarim mitarsam",  # Finglish: I'm scared of my stepdad
    "از داییم می‌ترسم",  # I'm scared of my uncle
    "boję się powiedzieć komuś co mi robi ojczym",  # afraid to say what stepdad does to me
    "iki haftadır sadece ekmek yiyorum",  # tr: I've eaten only bread for two weeks
    "my dad will kill me when he finds out i told",  # telling is not a trivial deed
])
def test_harm_phrases_in_text_speak_romanised_and_roundabout_forms(text):
    from bot.core.triage.engine import scan

    assert S in scan(text).flags  # the phrase lists alone, whatever the learned layer makes of it
    assert S in triage(text).flags


@pytest.mark.parametrize("text", [
    "ran off again lol. in manchester now and my phone is nearly dead",
    "ran away again lmao, sleeping at a mates mates house 😂",
])
def test_a_disclosure_played_down_with_a_laugh_is_still_raised(text):
    # A harm phrase in a laughing message once needed 0.15 from the learned layer, which reads "lol" as a joke;
    # on a blind set that dropped a child who had run away. A phrase now stands unless the model is 99% sure.
    assert S in triage(text).flags


@pytest.mark.parametrize("text", [
    "llyncais lot o dabledi neithiwr",  # cy: I swallowed lots of tablets last night
    "przedawkowałam wczoraj",  # pl: I overdosed yesterday
    "am luat o gramada de pastile aseara",  # ro
    "bala3t kteer 7bob mbare7",  # ar (Arabizi)
    "maine bohat goliyan kha li hain",  # ur (Roman Urdu)
    "me tomé un montón de pastillas anoche",  # es
    "tomei um monte de comprimidos",  # pt
    "jai pris plein de cachets hier soir",  # fr
    "bir sürü hap içtim",  # tr
    "یه عالمه قرص خوردم",  # fa
    "kam pirë shumë pilula mbrëmë",  # sq
    "je me fais vomir apres manger",  # fr: I make myself sick after eating
])
def test_an_overdose_or_making_oneself_sick_is_self_harm_in_every_language(text):
    from bot.core.triage.engine import scan

    assert S in scan(text).flags


@pytest.mark.parametrize("text", [
    "tomei um comprimido pra dor de cabeça", "j ai pris un doliprane", "bir hap içtim başım ağrıyor",
    "mora një tabletë për kokën", "ek goli kha li sar dard ke liye", "me tomé una pastilla para la regla",
])
def test_one_pill_for_a_headache_is_not_an_overdose(text):
    from bot.core.triage.engine import scan

    assert S not in scan(text).flags


def test_an_idiom_never_makes_a_flag_likelier_than_the_whole_message():
    # Blanking "qué es un IRO" leaves "y para qué sirve", which the model reads as far worse than the whole.
    from bot.core.triage.engine import idiom_free, learned_probabilities
    from bot.core.triage.model import get_model

    text = "qué es un IRO? y para qué sirve?"
    rest, found = idiom_free(text)
    assert found
    whole, left = get_model().flag_probabilities(text), get_model().flag_probabilities(rest)
    assert left["safeguarding"] > whole["safeguarding"]  # the case this guards against
    probs = learned_probabilities(text)
    for flag, p in whole.items():
        assert probs[flag] == min(p, left[flag])


def test_after_an_idiom_what_is_left_must_carry_harm_on_its_own():
    from bot.core.triage.engine import _MARGIN_AFTER_IDIOM, IDIOM_FOUND, combine
    from bot.core.triage.engine import learned_probabilities
    from bot.core.triage.model import THRESHOLDS

    margin = _MARGIN_AFTER_IDIOM[S]
    borderline = {S: THRESHOLDS[S] + margin / 2, C: 0.0, A: 0.0}
    assert combine(set(), borderline) == {S}
    assert combine(set(), borderline | {IDIOM_FOUND: 1.0}) == set()
    assert combine(set(), borderline | {S: THRESHOLDS[S] + margin, IDIOM_FOUND: 1.0}) == {S}
    assert combine({S}, borderline | {IDIOM_FOUND: 1.0}) == {S}  # a harm phrase beside the idiom stands
    complaint = {S: 0.0, C: THRESHOLDS[C] + _MARGIN_AFTER_IDIOM[C] / 2, A: 0.0}
    assert combine(set(), complaint) == {C}
    assert combine(set(), complaint | {IDIOM_FOUND: 1.0}) == set()  # "shu ya3ni IRO? my sw always says it"
    assert learned_probabilities("IM DEAD 😂 did u see what he did in the group chat")[IDIOM_FOUND] == 1.0
    assert IDIOM_FOUND not in learned_probabilities("did u see what he did in the group chat")
    assert S in triage("im dead inside and my stepdad hits me when mum is at work").flags
