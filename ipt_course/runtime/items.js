/* Quizzes and vignettes: interactive on the page, saved as the reader goes, and printed as
   questions with an answer key at the end of the chapter and every vignette path written out. */
import { start } from "./core.js";
import "./print.js";
import { Quiz } from "./quiz.js";
import { Vignette } from "./vignette.js";

start([["section.ipt-quiz", Quiz], ["section.ipt-vignette", Vignette]]);
