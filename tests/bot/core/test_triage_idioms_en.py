"""English no-fire idioms: sport bruises, pets, laughter, sibling banter, chores, lost things, alarms, being sent
out of a room, kitchen burns and worrying how people will answer stay quiet; the harm beside each still fires."""
import pytest

from bot.core.triage.engine import idiom_free, scan, triage


@pytest.mark.parametrize("text", [
    "got a massive bruise from netball on my leg haha",
    "black eye from a cricket ball at training, coach put ice on it",
    "our dog scratched my arm when i threw his ball",
    "my nans kitten keeps biting my toes",
    "im actually dead 😂 did u hear what miss said",
    "dying at how bad my drawing is",
    "gonna batter my sister if she reads my diary again",
    "mum will skin me alive if i dont tidy my room before tea",
    "my carers make me do the ironing on sundays, so boring",
    "my bus pass went missing again, need a new one",
    "the fire alarm went off at 3am and we all stood outside",
    "got kicked out of the lesson for talking",
    "burnt my finger on the pan making pancakes",
    "im scared theyll laugh at me if i read my poem at my review",
    "watched a scary movie at my mates where this girl gets kidnapped, proper good",
    "someone gets shot in the first episode of that show omg",
    "got whacked on the head with a tennis ball at practice",
    "i got run over by a bus in fortnite lmao",
    "cut my fringe myself and it went wonky",
    "miss is going to destroy us in pe tomorrow, bleep test",
    "my sister threatened to tell mum i had her makeup",
    "chelsea got hammered again, worst season ever",
    "got kicked in the head twice at kickboxing but i passed my grading",
    "got kicked out of sixth form for missing too many lessons",
    "i want to make a complaint but im worried the staff will find out it was me",
])
def test_en_idioms_are_blanked_and_keep_the_phrase_lists_quiet(text):
    # The idiom is blanked for the learned layer too; that layer is judged on whole sets (make triage-eval).
    assert idiom_free(text)[1]
    assert "safeguarding" not in scan(text).flags


@pytest.mark.parametrize("text", [
    "got a black eye from my stepdad last night",  # a bruise from a person, not a sport
    "my dad set the dog on me when i got home late",
    "im dead inside and i dont want to be here anymore",  # not laughter
    "my brother punches me every night when mum is out",
    "mum says she will kill me if i tell anyone what happened",
    "my carer makes me do things to him i dont like",
    "my little sister went missing from school today",
    "i went missing for 3 days last week and stayed with some older lads",
    "i went off with a man i met online and he kept me at his flat",
    "my mum kicked me out and im sleeping at the bus station",
    "i burnt my arm with a lighter last night",
    "im scared hell hurt me again if i go home",
    "we watched a film then my stepdad got angry and hit me",
    "got hit in the face with a belt when i got home",
    "i cut my arms again last night",
    "my carer wont let me eat with the family",
    "they wont let me see a doctor about my tooth",
    "my stepdad kicked me in the ribs last night",
    "i got kicked in the stomach by my mums boyfriend",
    "we got battered by dad when he came home drunk",
    "my boxing coach punched me when i cried",
])
def test_en_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
