"""Arabic no-fire idioms (MSA, Levantine, Gulf, Egyptian and Arabizi): a parent who "will kill me" for lateness, marks,
my hair or a broken thing, laughter and hyperbole, things "killing me", games and sport injuries, pets and a little
sibling in play, harmless fears, sibling banter and a dead phone stay quiet; the real threat, hitting, self-harm,
hunger at home and fear of a person beside each still fire."""
import pytest

from bot.core.triage.engine import idiom_free, triage


@pytest.mark.parametrize("text", [
    "أمي رح تقتلني إذا تأخرت",  # mum will kill me if I'm late
    "ماما هتموتني لو اتأخرت",  # (Egyptian) mum will kill me if I'm late
    "أبوي بيذبحني اذا شاف الدرجات",  # (Gulf) dad will slaughter me if he sees the marks
    "امي رح تقتلني لما تشوف شعري",  # mum will kill me when she sees my hair
    "امي بتقتلني اذا ما رتبت غرفتي",  # mum will kill me if I don't tidy my room
    "لو اتأخرت ماما هتقتلني هههه",  # if I'm late mum will kill me hahaha
    "mama ra7 t2telni iza t2akhart",  # (Arabizi) mum will kill me if I'm late
    "ommi ra7 tedba7ni iza sha2fet sha3ri",  # (Arabizi) mum will slaughter me if she sees my hair
    "ماما هتعلقني لو شافت الشهادة",  # (Egyptian) mum will hang me up if she sees the report card
    "امي بتذبحني لو درت اني خربت الايباد",  # (Gulf) mum will slaughter me if she finds out I broke the iPad
    "نفسي اروح الحفلة بموت عليها",  # I want to go to the party so much, I'm dying for it
    "طفشان لين الموت",  # (Gulf) bored to death
    "وقعت من الترامبولين",  # I fell off the trampoline
    "ضربتني الكرة في الرياضة",  # the ball hit me in PE
    "اخي الصغير ضربني بالمخدة واحنا بنلعب",  # my little brother hit me with a pillow while we were playing
    "5ayfe mn el 3anakeb",  # (Arabizi) I'm scared of spiders
    "بقتل اختي اذا اكلت الشوكولا تبعي",  # I'll kill my sister if she eats my chocolate
    "رح اذبح اختي اذا لبست الهودي تبعي",  # I'll slaughter my sister if she wears my hoodie
    # Quiet even before the idioms; kept as guards for the idioms that blank them.
    "رح اقتل اخوي اذا لمس البلايستيشن تبعي",  # I'll kill my brother if he touches my PlayStation
    "انكسرت ايدي بالفوتبول",  # my arm broke at football
    "مت من الضحك",  # I died laughing
    "الواجب رح يقتلني",  # the homework is going to kill me
    "ذبحونا بالفيفا",  # they slaughtered us at FIFA
    "القطة خرمشتني",  # the cat scratched me
    "بخاف من العناكب",  # I'm scared of spiders
    "بطارية التلفون ماتت",  # the phone battery died
])
def test_ar_idioms_stay_quiet(text):
    assert idiom_free(text)[1]
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "بدي موت",  # I want to die (Levantine)
    "ولد بالمدرسة قال رح يقتلني",  # a boy at school said he'll kill me
    "زوج امي قال رح يقتلني اذا حكيت لحدا",  # mum's husband said he'll kill me if I tell anyone
    "رح يقتلني اذا تأخرت او حكيت لحدا",  # he'll kill me if I'm late or tell anyone
    "baba ra7 y2telni iza 2elt la 7ada",  # (Arabizi) dad will kill me if I tell anyone
    "ابوي ضربني لما شاف علاماتي",  # dad hit me when he saw my marks
    "امي ضربتني لاني تأخرت",  # mum hit me because I was late
    "امي كسرت ايدي",  # mum broke my arm
    "اخي الكبير ضربني",  # my big brother hit me
    "ضربني بعد الماتش",  # he hit me after the match
    "ابوي ضربني بالكورة",  # dad hit me with the ball
    "خايفة من زوج امي",  # I'm scared of mum's husband
    "5ayfe mn baba",  # (Arabizi) I'm scared of dad
    "بدي اموت واشوف امي",  # I want to die and see my mum
    "عمو بيقلي بموت فيكي",  # my uncle tells me "I'm crazy about you"
    "ما في اكل بالبيت وانا ميت من الجوع",  # there's no food at home and I'm dying of hunger
])
def test_ar_harm_beside_idioms_still_fires(text):
    assert "safeguarding" in triage(text).flags
