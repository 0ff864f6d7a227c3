/**
 * The project's own questions, after the five seed ones (questions.ts): each
 * grounded in the paper (Hinton, Vinyals & Dean 2015) and in what a preset or
 * the temperature slider shows. Some ask for a prediction before the
 * simulator runs (`predict`): predict, run, then answer.
 */
import type { Question } from './questions';

export const MORE_QUESTIONS: readonly Question[] = [
  {
    id: 'soft-term-t-squared',
    number: 6,
    kind: 'choice',
    prompt:
      'The distillation loss multiplies the soft-target term by T² before adding the hard-label term: α·T²·CE(teacher at T, student at T) + (1 − α)·CE(label, student at T = 1). Why the factor T²?',
    choices: [
      { key: 'A', text: 'It sharpens the soft targets again, undoing the flattening caused by the temperature' },
      { key: 'B', text: 'The gradients of the soft term shrink roughly as 1/T², so without T² the balance between the soft and hard terms would shift every time T is changed' },
      { key: 'C', text: 'It converts the cross-entropy from nats to bits, so that the two terms share a unit' },
      { key: 'D', text: 'It raises the learning rate in proportion to the temperature, so that training finishes sooner' },
    ],
    answer: 'B',
    explanation:
      "The gradient of the soft cross-entropy with respect to a student logit is (q_i − p_i)/T: one factor 1/T from dividing the logits by T, and at high T the differences q_i − p_i themselves shrink about as 1/T, so the whole gradient scales as 1/T² (the paper's section 2.1). Multiplying the soft term by T² cancels this, so the relative weight of soft and hard targets stays roughly the same when you try another temperature. The temperature sweep trains soft students from T = 1 to 20 side by side, all with the T² factor, so their differences come from what each T reveals, not from a soft term that fades away.",
    panel: 'gap',
    tryIt: { kind: 'train-preset', preset: 'sweep', label: 'Train soft students at T = 1 … 20 together' },
  },
  {
    id: 'high-temperature-limit',
    number: 7,
    kind: 'choice',
    prompt: "What happens to the teacher's softened distribution, softmax(z / T), as the temperature T grows without bound?",
    choices: [
      { key: 'A', text: 'It collapses onto the most likely class, which gets probability 1' },
      { key: 'B', text: "It approaches the uniform distribution, 1/N for each of N classes, so its entropy approaches log₂ N bits; in this limit distillation amounts to matching the teacher's logits" },
      { key: 'C', text: 'It stays the same: the temperature only changes how the loss is weighted, not the probabilities' },
      { key: 'D', text: 'It flips, giving the highest probability to the class the teacher found least likely' },
    ],
    answer: 'B',
    explanation:
      "Dividing by an ever larger T shrinks every difference between logits towards zero, so all N classes tend to probability 1/N and the entropy climbs towards its maximum, log₂ N bits (2.58 bits for six classes, 3.32 for the ten digits). The paper shows that in this high-temperature limit, with logits of zero mean, minimising the soft cross-entropy is the same as minimising ½(z_i − v_i)²: the student simply matches the teacher's logits, as in earlier model compression. The slider stops at T = 20, where the bars are nearly level but still keep the teacher's order.",
    panel: 'distribution',
    tryIt: { kind: 'display-temperature', from: 1, to: 20, label: 'Drag the temperature from 1 to 20 and watch the entropy' },
    predict: {
      prompt: "If you drag the temperature from 1 to 20, the entropy of the teacher's distribution will:",
      options: ['Rise towards its maximum', 'Fall towards zero', 'Stay about the same'],
    },
  },
  {
    id: 'omitted-class',
    number: 8,
    kind: 'choice',
    prompt:
      "Every 3 is removed from the students' training digits; the teacher, trained on all ten digits, still gives soft targets for the rest. What can the soft-target student then do with the 3s in the test set?",
    choices: [
      { key: 'A', text: 'Nothing: a class that was never a training target can never be predicted' },
      { key: 'B', text: 'It recognises most of them, the more so once the bias of its class-3 output is raised, because the soft targets of other digits put some probability on 3' },
      { key: 'C', text: 'It recognises them only if the soft targets are made at T = 1' },
      { key: 'D', text: 'Exactly as much as the hard-label student, which was trained on the same digits' },
    ],
    answer: 'B',
    explanation:
      "A 5 or an 8 that looks a little like a 3 gets some probability on 3 from the teacher, so the soft student learns what makes a 3 without ever seeing one. In the paper the distilled net trained without 3s still got 877 of the 1,010 test 3s right, and its errors came mostly from a class-3 bias that was too low: raising it by 3.5 brought it to 98.6% of the 3s. The hard-label student never had a reason to output 3; in the simulator, compare the two students' accuracy on 3s and move the bias slider.",
    panel: 'gap',
    tryIt: { kind: 'train-preset', preset: 'omitted-class', label: 'Train students that never see a 3' },
    predict: {
      prompt: 'Will the soft-target student, which never saw a 3, recognise any 3s in the test set?',
      options: ['None of them', 'A few', 'Most of them'],
    },
  },
  {
    id: 'three-percent',
    number: 9,
    kind: 'choice',
    prompt:
      'Two students train on only 3% of the data: one on hard labels, one on soft targets from a teacher trained on all of it. What do the soft targets do to the gap between training and test accuracy?',
    choices: [
      { key: 'A', text: 'Nothing: the gap depends only on how much data the student sees' },
      { key: 'B', text: "They widen it, because the student copies the teacher's mistakes" },
      { key: 'C', text: 'They shrink it: the soft targets act as a regulariser, so the student overfits far less' },
      { key: 'D', text: 'They remove the need for a test set, since the teacher has already been tested' },
    ],
    answer: 'C',
    explanation:
      "With hard labels a large network memorises its few examples: in the paper's speech experiment the 3% model reached 67.3% frame accuracy on its training data but only 44.5% on test, a 22.8-point gap. On soft targets the same network reached 65.4% and 57.0%, a gap of 8.4 points and close to the 58.9% of a network trained on all the data, without needing early stopping. Each soft target carries much more information than a label and pulls the student towards a teacher that generalises; the preset repeats the experiment on digits, and the gap panel shows both students' gaps.",
    panel: 'gap',
    tryIt: { kind: 'train-preset', preset: 'three-percent', label: 'Train both students on 3% of the digits' },
    predict: {
      prompt: 'Which student will show the smaller gap between training and test accuracy?',
      options: ['The hard-label student', 'The soft-target student', 'About the same'],
    },
  },
  {
    id: 'student-beats-teacher',
    number: 10,
    kind: 'true-false',
    prompt:
      "A student trained on a teacher's soft targets can end up more accurate on test data than the teacher itself, even when the student is exactly the same size as the teacher.",
    answer: true,
    explanation:
      "Distillation is not only compression. Furlanello et al. (2018) trained students with their teacher's own architecture on its soft targets, and these 'born-again networks' outperformed their teachers on image classification and language modelling: the soft targets act as a regulariser, not a ceiling. In the simulator, on 2% of the points, the soft student's test accuracy lands close to the teacher's dashed line and on some seeds matches it; its test accuracy can even be higher than its accuracy on the few noisy points it trained on.",
    panel: 'gap',
    tryIt: { kind: 'train-preset', preset: 'low-data', label: "Compare the soft student's test accuracy with the teacher's" },
  },
  {
    id: 'when-soft-targets-help-least',
    number: 11,
    kind: 'choice',
    prompt: 'In which situation do soft targets improve a student least?',
    choices: [
      { key: 'A', text: 'When the student has little data and enough capacity to memorise it' },
      { key: 'B', text: 'When the student is too small to overfit, or has plenty of data, so that hard labels already generalise' },
      { key: 'C', text: 'When the teacher was trained on more data than the student' },
      { key: 'D', text: 'Whenever the training temperature is above 1' },
    ],
    answer: 'B',
    explanation:
      "What soft targets mostly add is generalisation: they stop a capable student from memorising a handful of labels. A 4-unit student is too small to memorise anything, and a student that sees every point has no shortage of data, so in both cases the hard-label student already has a small train–test gap and the soft one does about as well. Train the tiny-student preset: the two students end with small gaps and nearly the same test accuracy, unlike on the low-data preset.",
    panel: 'gap',
    tryIt: { kind: 'train-preset', preset: 'tiny-student', label: 'Train a 4-unit student on 5% of the data' },
  },
  // ——— After the paper: each question's Try it trains the preset that sets the published claim beside our measurement. ———
  {
    id: 'born-again',
    number: 12,
    kind: 'choice',
    prompt:
      "A student with exactly its teacher's architecture and training recipe learns only from the teacher's soft targets — it never sees a label. How can its test accuracy compare with its teacher's?",
    choices: [
      { key: 'A', text: 'It can only be worse: a copy learns nothing its original did not know, and loses some in the copying' },
      { key: 'B', text: "It can be better: the soft targets carry the teacher's view of which classes resemble which, and act as a regulariser that the labels alone are not" },
      { key: 'C', text: 'It is always identical, since the student becomes an exact copy of the teacher' },
      { key: 'D', text: 'It cannot learn at all without labels' },
    ],
    answer: 'B',
    explanation:
      "Furlanello et al. (2018) trained such 'born-again' networks, parameterised identically to their teachers, and found that they outperformed the teachers on image classification and language modelling. The preset trains a 64-64 student on every training digit with its 64-64 teacher's soft targets alone, beside a hard-label student that repeats the teacher's own recipe from another start. Whether the born-again student beats its teacher in this run is a measurement, not a given: the panel says so either way, with the error counts.",
    panel: 'gap',
    tryIt: { kind: 'train-preset', preset: 'born-again', label: 'Train a student as large as its teacher on its soft targets' },
    predict: {
      prompt: 'Will the born-again student make fewer test errors than its teacher?',
      options: ['Fewer', 'About the same', 'More'],
    },
  },
  {
    id: 'label-smoothed-teacher',
    number: 13,
    kind: 'choice',
    prompt:
      'A teacher is trained with label smoothing: its targets give the right class 1 − ε and spread ε over all classes, instead of one-hot labels. Why can it be a worse teacher for distillation, even when its own test accuracy is as good?',
    choices: [
      { key: 'A', text: 'Smoothing makes its soft targets one-hot, so the student learns from hard labels after all' },
      { key: 'B', text: 'Smoothing lowers the temperature of its softmax, so raising T no longer helps' },
      { key: 'C', text: "Smoothing pulls each class's examples into a tight cluster, so the teacher's probabilities for the wrong classes become nearly equal: which wrong class a digit resembles — the dark knowledge — is erased" },
      { key: 'D', text: 'A smoothed teacher is trained on fewer examples than an ordinary one' },
    ],
    answer: 'C',
    explanation:
      "Müller, Kornblith & Hinton (2019) showed that label smoothing drives a network to keep the same distance between each example and every wrong class, which tightens its class clusters and erases the information about resemblances between classes; distillation from such a teacher was much less effective. The preset trains the smoothed teacher beside the same teacher without smoothing (same start, same batches) and one soft student of each. Compare the two dark-knowledge matrices and the two students' test errors: the panel says whether this run shows the effect.",
    panel: 'gap',
    tryIt: { kind: 'train-preset', preset: 'label-smoothing', label: 'Distil from a label-smoothed teacher and from the same teacher without smoothing' },
  },
  {
    id: 'fidelity-not-accuracy',
    number: 14,
    kind: 'choice',
    prompt: 'A distilled student reaches 97.0% test accuracy; its teacher reaches 98.5%. What do these two numbers tell you about how often the student predicts the same class as its teacher?',
    choices: [
      { key: 'A', text: 'They agree on at least 98.5% of the test examples' },
      { key: 'B', text: 'They agree on exactly 97.0% of them' },
      { key: 'C', text: 'At most 98.5% (wherever exactly one of them is right they differ), and possibly far less: accuracy does not say on which examples each is right' },
      { key: 'D', text: 'The student agrees with the teacher on every example the teacher gets right' },
    ],
    answer: 'C',
    explanation:
      "Two models with accuracies 97.0% and 98.5% must disagree on at least the 1.5% of examples where only one of them can be right, so they agree on at most 98.5%; how much less depends on which examples each gets wrong. Stanton et al. (2021) found that distilled students often agree with their teachers far less than one would expect, even on the data they were trained to match and even when they could match the teacher exactly. The preset trains soft students at T = 1 … 20 in two sizes, as a temperature sweep does, and reads them for their agreement with the teacher beside their accuracy, on the test digits and on the digits they trained on.",
    panel: 'gap',
    tryIt: { kind: 'train-preset', preset: 'fidelity', label: 'Train soft students at T = 1 … 20 and read their agreement with the teacher' },
    predict: {
      prompt: 'Will the soft students agree with the teacher on as many test digits as their accuracies allow?',
      options: ['As many as their accuracies allow', 'Fewer', 'More than their accuracies allow'],
    },
  },
];
