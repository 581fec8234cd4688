"""Every text of the bot's own, as gettext source strings marked for extraction.

The engine refers to these constants; the catalogs in locales/ translate them. Placeholders
are named ({title}) so translators can reorder them.
"""


def N_(source: str) -> str:
    """Mark a string for extraction by pybabel without translating it here."""
    return source


HELLO = N_("Hello!")
HELLO_NAME = N_("Hello, {name}!")
INTRO = N_("I will teach you, step by step, how to sell your produce online.")
WELCOME_BACK = N_("Welcome back, {name}!")
MENU_PROMPT = N_("What would you like to do? You can also type a question at any time.")
BUTTON_START = N_("▶️ Start the course")
BUTTON_CONTINUE = N_("▶️ Continue")
BUTTON_MODULES = N_("📚 Modules")
BUTTON_PROGRESS = N_("📊 My progress")
BUTTON_ASK = N_("❓ Ask a question")
BUTTON_LANGUAGE = N_("🌐 Language")
BUTTON_MENU = N_("☰ Menu")
BUTTON_NEXT = N_("Next ➡️")
BUTTON_BACK = N_("⬅️ Back")
BUTTON_SKIP = N_("Skip ⏭")
BUTTON_NEXT_MODULE = N_("Next module ➡️")
BUTTON_LEARN_MORE = N_("📖 Learn more")
BUTTON_HELPFUL = N_("👍 Helpful")
BUTTON_NOT_HELPFUL = N_("👎 Not helpful")
BUTTON_DELETE_YES = N_("Yes, delete everything")
BUTTON_DELETE_NO = N_("No, keep my progress")

PROGRESS_LINE = N_("Module {module}/{modules} · Step {step}/{steps} {bar}")
MODULES_PROMPT = N_("Choose a module:")
MODULE_DONE_MARK = N_("✅ {title}")
MODULE_STARTED_MARK = N_("▶️ {title} ({done}/{steps})")
MODULE_NEW_MARK = N_("⚪ {title}")
PROGRESS_SUMMARY = N_("You have done {done} of {steps} steps ({percent}).")
PROGRESS_NOTHING_YET = N_("You have not started yet. Tap Start to begin!")

QUIZ_CORRECT = N_("✅ Correct!")
QUIZ_CORRECT_WITH_FEEDBACK = N_("✅ {feedback}")
QUIZ_WRONG = N_("❌ Not quite.")
QUIZ_WRONG_WITH_FEEDBACK = N_("❌ {feedback}")
QUIZ_TRY_AGAIN = N_("Try again:")
TASK_TYPE_ANSWER = N_("✍️ Type your answer and send it.")
TASK_SEND_PHOTO = N_("📷 Send a photo.")
TASK_TEXT_OR_PHOTO = N_("✍️ Type your answer or send a photo.")
TASK_PASSED = N_("✅ Well done!")
TASK_TRY_AGAIN = N_("Try again, or tap Skip to move on.")
TASK_NEEDS_PHOTO = N_("This task needs a photo. Send one, or tap Skip.")
TASK_NEEDS_TEXT = N_("This task needs a written answer. Type it, or tap Skip.")
TASK_STILL_OPEN = N_("Your task is still open: type your answer when you are ready, or tap Skip.")
TASK_PHOTO_RECEIVED = N_("📷 Photo received. Nice work!")

MODULE_COMPLETE = N_("🎉 You finished the module “{title}”!")
COURSE_COMPLETE = N_(
    "🏆 Congratulations! You finished the whole course. Keep it handy: "
    "you can open any module again from the menu."
)
ALL_DONE = N_("You have finished every module. Open any of them again to review.")
STALE_BUTTON = N_("That button belongs to an earlier message. Here is where you are now:")
CONTENT_CHANGED = N_("The course has been updated, so you continue from here.")

ASK_PROMPT = N_("Type your question in a few words, for example: how do I pack eggs?")
DID_YOU_MEAN = N_("Did you mean one of these?")
DONT_KNOW = N_(
    "Sorry, I don't know that yet. I have saved your question so the course team can add an answer."
)
DONT_KNOW_STAFF = N_(
    "Sorry, I don't know that yet. I have passed your question to a person, who will reply here."
)
THANKS_FEEDBACK = N_("Thank you for telling me!")

LANGUAGE_PROMPT = N_("Choose your language:")
LANGUAGE_SET = N_("Language set to English.")

HELP = N_(
    "I teach you to sell your produce online, one short step at a time.\n\n"
    "/menu – the main menu\n"
    "/modules – all modules\n"
    "/progress – what you have done\n"
    "/ask – ask a question\n"
    "/language – change the language\n"
    "/deleteme – delete your data\n\n"
    "You can also type a question at any time."
)
UNKNOWN_COMMAND = N_("I don't know that command. Here is the menu:")
UNSUPPORTED = N_(
    "I can read text, button taps, and photos for practice tasks. Please type your message instead."
)
EDITED_MESSAGE = N_("I don't see changes to messages already sent. Please send it again.")
PHOTO_OUTSIDE_TASK = N_(
    "Nice photo! I only look at photos during a practice task. Here is the menu:"
)
DELETE_CONFIRM = N_(
    "Delete everything I have stored about you: your progress, answers and questions? "
    "This cannot be undone."
)
DELETE_DONE = N_("All your data is deleted. Send /start whenever you want to begin again.")
DELETE_KEPT = N_("Nothing was deleted.")

# Descriptions in the chat app's command menu.
COMMAND_START = N_("Start, or come back to the course")
COMMAND_MENU = N_("The main menu")
COMMAND_MODULES = N_("All modules")
COMMAND_PROGRESS = N_("What you have done")
COMMAND_ASK = N_("Ask a question")
COMMAND_LANGUAGE = N_("Change the language")
COMMAND_HELP = N_("How to use this bot")
COMMAND_DELETEME = N_("Delete everything stored about you")

# The staff chat, where people answer what the FAQ could not.
STAFF_QUESTION = N_("❓ {question}")
STAFF_QUESTION_FROM = N_("From {name} (learner {user_id}, {language}), at {place}.")
STAFF_QUESTION_NOWHERE = N_("not in a lesson")
STAFF_QUESTION_HOW = N_("Reply to this message to answer them.")
STAFF_REPLY = N_("💬 An answer from the course team:")
STAFF_REPLY_SENT = N_("✅ Sent to the learner.")
STAFF_REPLY_UNKNOWN = N_("This is not a learner's question, so I don't know whom to send it to.")
STAFF_REPLY_BLOCKED = N_("The learner has blocked the bot; the answer was not delivered.")

# Reminders to learners who have been away.
REMINDER = N_("Hello again! Your course is waiting for you. A few minutes a day is enough.")
REMINDER_MODULE = N_(
    "Hello again! You are in the middle of “{title}”. A few minutes today, and you are a step "
    "closer to selling online."
)

# Admins.
BROADCAST_ASK = N_(
    "Send me the message to broadcast to {segment}: {count} learners now. Any kind of message "
    "works: text, a photo with a caption, a video. Send /cancel to stop."
)
BROADCAST_BAD_SEGMENT = N_("That segment does not work: {error}")
BROADCAST_PREVIEW = N_("This is what {count} learners ({segment}) will get. Send it?")
BROADCAST_SEND = N_("📣 Send now")
BROADCAST_SCHEDULE = N_("🕒 Schedule")
BROADCAST_CANCEL = N_("✖️ Cancel")
BROADCAST_CANCELLED = N_("Cancelled: nothing will be sent.")
BROADCAST_WHEN = N_("When should it go out? Send a time such as 2026-12-01 09:30 ({timezone}).")
BROADCAST_SCHEDULED = N_("Scheduled for {when} ({timezone}).")
BROADCAST_STARTING = N_("Broadcast {id} is starting; progress follows here.")
BROADCAST_PROGRESS = N_(
    "📣 Broadcast {id}: {sent} sent, {blocked} blocked, {failed} failed, {left} left; "
    "{rate} a second, about {minutes} min to go."
)
BROADCAST_DONE = N_(
    "✅ Broadcast {id} done: {sent} sent, {blocked} blocked the bot, {failed} failed, "
    "{unknown} unknown."
)
BROADCAST_STOPPED = N_(
    "⏸ Broadcast {id} paused ({reason}): {sent} sent, {left} left. It resumes by itself."
)
RELOAD_DONE = N_("Content reloaded: {modules} modules, {steps} steps, {faq} FAQ entries.")
RELOAD_FAILED = N_(
    "The new content has {count} problem(s), so the bot keeps serving the old content. "
    "Fix these and save again:"
)

# Review of quiz questions missed at the first try.
REVIEW_INTRO = N_("🔁 Quick review: {count} question(s) from earlier lessons.")
REVIEW_WAITING = N_("🔁 {count} question(s) from earlier lessons are waiting for a quick review.")
REVIEW_HEADER = N_("Review {number}/{count}")
REVIEW_RIGHT_ANSWER = N_("The right answer: {answer}")
REVIEW_DONE = N_("✅ Review done. Questions you missed come back in a day or two.")
REVIEW_SKIPPED = N_("No problem: the review waits until tomorrow.")
REVIEW_NOTHING = N_("Nothing to review right now. Questions you miss come back here later.")
BUTTON_REVIEW_START = N_("🔁 Review now")
BUTTON_REVIEW_SKIP = N_("Not today ⏭")

# The final check at the end of the course.
FINAL_RIGHT_ANSWER = N_("The right answer: {answer}")
FINAL_PASSED = N_("🎯 Final check: {right} of {total} right ({percent}). You passed!")
FINAL_FAILED = N_(
    "Final check: {right} of {total} right ({percent}). You need {needed} to pass. "
    "The questions you missed come back for review; look at those lessons again, then try "
    "once more."
)
BUTTON_FINAL_RETRY = N_("🔁 Try the final check again")

# The certificate.
CERTIFICATE_ASK_NAME = N_(
    "🎓 You have earned your certificate! What name should it show? Type your full name."
)
CERTIFICATE_BAD_NAME = N_("Please type the name as it should appear, in 1 to 60 letters.")
CERTIFICATE_READY = N_(
    "🎓 Here is your certificate, {name}! Its code is {code}: anyone can check it by "
    "sending /start verify-{code} to this bot."
)
CERTIFICATE_CODE = N_(
    "🎓 Your certificate. Its code is {code}: anyone can check it by sending "
    "/start verify-{code} to this bot."
)
CERTIFICATE_NOT_YET = N_(
    "Your certificate comes when you finish every module and pass the final check."
)
BUTTON_CERTIFICATE = N_("🎓 My certificate")
BUTTON_CERTIFICATE_NAME = N_("Use “{holder}”")
BUTTON_LATER = N_("Later")
VERIFY_GENUINE = N_("✅ Certificate {code} is genuine: {name} finished “{course}” on {date}.")
VERIFY_REVOKED = N_(
    "⚠️ Certificate {code} was issued, but its holder has since deleted their data, so it "
    "is no longer valid."
)
VERIFY_UNKNOWN = N_("❌ No certificate has the code {code}. Check it for typos.")

# On the certificate picture itself.
CERT_TITLE = N_("Certificate of completion")
CERT_CERTIFIES = N_("This certifies that")
CERT_COMPLETED = N_("has completed the course")
CERT_DATE = N_("Date: {date}")
CERT_CODE = N_("Verification code: {code}")
CERT_FONT_MISSING = N_(
    "Chinese characters could not be drawn on this server (install fonts-noto-cjk)."
)
