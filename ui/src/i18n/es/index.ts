// The Spanish catalogue (neutral Latin American), file by file like en/.
// Typed as a whole Catalogue: a key missing here fails the type check.
import type { Catalogue } from "..";
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

const es: Catalogue = { ...common, ...home, ...history, ...classScreens, ...chat, ...messages, ...names, ...polls, ...questions, ...reactions, ...room };
export default es;
