// The English catalogue, the source: one JSON file per area of the UI.
import chat from "./chat.json";
import classScreens from "./class.json";
import common from "./common.json";
import history from "./history.json";
import home from "./home.json";
import messages from "./messages.json";
import names from "./names.json";
import polls from "./polls.json";
import questions from "./questions.json";
import reactions from "./reactions.json";
import room from "./room.json";

export default { ...common, ...home, ...history, ...classScreens, ...chat, ...messages, ...names, ...polls, ...questions, ...reactions, ...room };
