# Survival curves of a run with survival::survfit, checked against the model's own
# figures (`reintegra summarize --json`).
#
#   Rscript analysis/R/examples/survival.R RUN.h5 [-o survival.png] [--reintegra build/reintegra]
#
# Draws the Kaplan-Meier curves of time to first arrest, conviction and return to
# prison (by sex) into survival.png, prints the percent reached by each year and,
# given the reintegra program, compares them with `reintegra summarize --json`;
# exits with status 1 when they differ.
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
source(file.path(here, "..", "reintegra.R"))

args <- commandArgs(trailingOnly = TRUE)
opt <- function(flag, default) {
    i <- match(flag, args)
    if (is.na(i)) default else args[i + 1]
}
if (!length(args) || startsWith(args[1], "-"))
    stop("usage: survival.R RUN.h5 [-o survival.png] [--reintegra PROGRAM]")
run <- rg_read_run(args[1])
out <- opt("-o", "survival.png")
program <- opt("--reintegra", NA)
print(run)

# The curves, one panel per measure, one line per sex.
png(out, width = 1500, height = 500, res = 120)
par(mfrow = c(1, 3))
for (m in names(rg_first_column)) {
    fit <- rg_survfit(run, m, by = "sex")
    plot(fit, col = c("#0072B2", "#D55E00"), lty = 1:2, ylim = c(0, 1),
         xlab = "months since release", ylab = "share without one",
         main = paste("first", gsub("_", " ", m)))
    legend("bottomleft", legend = levels(run$agents$sex), col = c("#0072B2", "#D55E00"),
           lty = 1:2, bty = "n")
}
invisible(dev.off())
cat("wrote", out, "\n")

r <- rg_recidivism(run)
print(round(r, 2))

if (!is.na(program)) {
    json <- paste(system2(program, c("summarize", shQuote(args[1]), "--json"), stdout = TRUE),
                  collapse = "\n")
    worst <- 0
    for (m in colnames(r)) {
        block <- regmatches(json, regexpr(paste0('"', m, '": \\{[^}]*\\}'), json))
        for (y in rownames(r)) {
            v <- as.numeric(sub(".*: ", "", regmatches(block, regexpr(paste0('"', y,
                                                                    '": [-0-9.]+'), block))))
            if (!length(v)) next
            worst <- max(worst, abs(v - r[y, m]))
        }
    }
    # summarize prints four decimals.
    cat(sprintf("largest difference from reintegra summarize: %.6f points\n", worst))
    if (worst > 5e-5) quit(status = 1)
}
