package org.xining.hazard.cli;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.classify.Classification;
import org.xining.hazard.classify.Classifier;
import org.xining.hazard.classify.Corpus;
import org.xining.hazard.classify.CrossValidation;
import org.xining.hazard.profile.CityProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Check a city profile's text classifier before it goes live.",
                "  classify \"text…\"   the category, confidence and source the pipeline would give an unlabelled hotline ticket",
                "  classify --eval      cross-validated accuracy per category on the profile's corpus"})
public class ClassifyCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "report texts to classify")
    List<String> texts;

    @Option(names = "--eval", description = "k-fold cross-validation on the profile's corpus: accuracy per category")
    boolean eval;

    @Option(names = "--folds", description = "folds for --eval (default: ${DEFAULT-VALUE})", defaultValue = "5")
    int folds;

    @Option(names = "--mistakes", description = "with --eval: list every held-out example the model got wrong")
    boolean mistakes;

    @Option(names = "--feed", description = "the feed the text comes from: hotline, emergency or fire (default: ${DEFAULT-VALUE})",
            defaultValue = "hotline")
    String feed;

    @picocli.CommandLine.Mixin
    org.xining.hazard.job.ProfileOption profile = new org.xining.hazard.job.ProfileOption();

    @Override
    public Integer call() {
        CityProfile city = profile.load();
        if (!eval && (texts == null || texts.isEmpty())) {
            throw new UserError("give a text to classify, or --eval");
        }
        if (eval) {
            evaluate(city, System.out);
        }
        if (texts != null && !texts.isEmpty()) {
            Classifier classifier = new Classifier(city);
            for (String text : texts) {
                Classification c = classifier.classify(feedOf(feed), null, text);
                System.out.printf("%s\t%s %s\tconfidence %s\tsource %s%n", text, c.code(), c.label(),
                        c.confidence() == null ? "-" : String.format("%.2f", c.confidence()), c.source());
            }
        }
        return 0;
    }

    private void evaluate(CityProfile city, PrintStream out) {
        if (city.classifier() == null) {
            throw new UserError("the city profile has no classifier corpus: texts are classified by its keyword rules");
        }
        Corpus corpus = Classifier.corpusOf(city);
        double min = city.classifier().minConfidence();
        long started = System.nanoTime();
        CrossValidation.Result r = CrossValidation.run(corpus, Classifier.featuresOf(city), folds, min);
        Map<String, String> labels = city.categories().stream().collect(Collectors.toMap(CityProfile.Category::code, CityProfile.Category::label));
        out.printf("%s: %d examples, %d-fold cross-validation (%.1f s)%n", city.classifier().corpus(), r.examples(), r.folds(),
                (System.nanoTime() - started) / 1e9);
        out.printf("%-18s %-8s %8s %9s %9s  %s%n", "category", "", "examples", "accuracy", "low-conf", "mistaken for");
        for (CrossValidation.CategoryResult c : r.categories()) {
            out.printf("%-18s %-8s %8d %8.1f%% %9d  %s%n", c.category(), labels.get(c.category()), c.examples(), 100 * c.accuracy(),
                    c.lowConfidence(), c.mistakenFor().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
        out.printf("%-27s %8d %8.1f%%%n", "overall", r.examples(), 100 * r.accuracy());
        out.printf("at or above minConfidence %.2f: %d of %d (%.1f%%), %.1f%% of them right; below it, marked model-low-confidence%n",
                min, r.confident(), r.examples(), 100.0 * r.confident() / r.examples(), 100.0 * r.confidentCorrect() / Math.max(1, r.confident()));
        out.printf("the keyword rules alone: %.1f%% right%n", 100.0 * r.rulesCorrect() / r.examples());
        if (mistakes) {
            r.mistakes().forEach(m -> out.println("  " + m));
        }
    }

    private static org.xining.hazard.schema.Feed feedOf(String feed) {
        try {
            return org.xining.hazard.schema.Feed.of(feed);
        } catch (IllegalArgumentException e) {
            throw new UserError("--feed: " + e.getMessage());
        }
    }
}
