# The R library (analysis/R/reintegra.R): reads a run into data frames with
# labelled factors (the labels table, or a dataset's own labels attribute), numbers
# as R numbers, trajectories the right way round; its survfit curves equal the
# C analysis's Kaplan-Meier figures (`reintegra metrics --csv`, overall and by sex)
# and `reintegra summarize --json`; the example script agrees and draws its figure;
# bad files are refused.
# Usage: Rscript test_reintegra.R REINTEGRA SOURCE_DIR (in an empty folder)
args <- commandArgs(trailingOnly = TRUE)
rg <- args[1]
src <- args[2]
source(file.path(src, "analysis", "R", "reintegra.R"))

failures <- 0
check <- function(ok, what) {
    if (!isTRUE(ok)) {
        failures <<- failures + 1
        cat("FAIL:", what, "\n")
    }
}
cli <- function(...) {
    out <- system2(rg, c(...), stdout = TRUE, stderr = TRUE)
    status <- attr(out, "status")
    if (!is.null(status) && status != 0) stop("reintegra ", paste(c(...), collapse = " "),
                                              ": ", paste(out, collapse = "\n"))
    out
}

# A run with programmes and a trial, so every kind of coded column is there.
invisible(cli("run", file.path(src, "scenarios", "trial_cbt.cfg"), "-q", "-o", "run.h5",
              "--set", "run.agents=3000", "--set", "run.months=36",
              "--set", "output.trajectory_fraction=0.05", "--seed", "4"))
run <- rg_read_run("run.h5")
a <- run$agents
check(inherits(run, "rg_run") && run$months == 36 && run$agents_count == 3000 &&
          run$seed == 4, "metadata")
check(nrow(a) == 3000 && identical(a$agent, 0:2999), "one row per agent, ids from 0")
check(nrow(run$summary) == 36 && identical(as.numeric(run$summary$month), as.numeric(0:35)),
      "summary rows")
check(grepl("seed = 4;", run$config, fixed = TRUE), "the resolved configuration")

# Coded columns: factors with the table's labels; nothing else is a factor, raw or
# integer64.
table <- rg_labels_table()
for (name in c("sex", "race", "offense", "prior_group", "status", "housing", "substance_use",
               "mental_illness", "trial_arm", "cbt_state")) {
    key <- if (grepl("_state$", name)) "*_state" else name
    rows <- table[table$dataset == key, ]
    expect <- rows$label[order(rows$code)]
    check(is.factor(a[[name]]) && identical(levels(a[[name]]), expect),
          paste(name, "levels"))
    check(!anyNA(a[[name]]), paste(name, "has a label for every code"))
}
check(identical(levels(a$sex), c("male", "female")), "sex levels")
for (name in names(a)) {
    x <- a[[name]]
    check(is.factor(x) || is.integer(x) || is.double(x), paste(name, "is an R number"))
}
codes <- rg_read_run("run.h5", labelled = FALSE)$agents
check(is.integer(codes$sex) && sum(codes$sex == 1) == sum(a$sex == "female"),
      "labelled = FALSE keeps the codes")
check(identical(as.integer(a$trial_arm == "offered"), as.integer(codes$trial_arm == 1)),
      "trial_arm -1/0/1")

# Trajectories: the file's [months, S] datasets, read [S, months], in long form.
tr <- run$trajectories
ids <- unique(tr$agent)
check(nrow(tr) == 36 * length(ids) && length(ids) > 50, "trajectory rows")
last <- tr[tr$month == 35, ]
check(identical(as.character(last$status), as.character(a$status[last$agent + 1])),
      "the last month of each trajectory is the agent's final status")
check(identical(as.numeric(last$arrests), as.numeric(a$arrests[last$agent + 1])),
      "the last month's arrests are the agent's")
check(is.factor(tr$housing) && identical(levels(tr$housing), c("stable", "unstable", "homeless")),
      "trajectory housing levels")

# Events carry their type names.
ev <- run$events
check(sum(ev$type_name == "ARREST") == sum(run$summary$arrests), "arrest events")

# survfit against the C analysis (Kaplan-Meier, ten significant digits)...
invisible(cli("metrics", "run.h5", "--csv", "metrics.csv"))
m <- read.csv("metrics.csv", stringsAsFactors = FALSE)
km <- function(measure, key, group, by = NULL, level = NULL) {
    fit <- rg_survfit(run, measure, by = by)
    s <- summary(fit, times = c(12, 36), extend = TRUE)
    if (!is.null(level)) {
        i <- s$strata == paste0(by, "=", level)
        s <- list(surv = s$surv[i])
    }
    want <- m$estimate[m$group == group & m$metric %in% paste0(key, c("_1y", "_3y"))]
    all(abs(100 * (1 - s$surv) - want) <= 1e-9 * pmax(1, abs(want)))
}
for (k in list(c("arrest", "rearrest"), c("conviction", "reconviction"),
               c("return_to_prison", "reincarceration"))) {
    check(km(k[1], k[2], "all"), paste("survfit equals metrics:", k[2]))
    check(km(k[1], k[2], "male", "sex", "male"), paste("survfit equals metrics:", k[2], "men"))
    check(km(k[1], k[2], "female", "sex", "female"),
          paste("survfit equals metrics:", k[2], "women"))
}
# ... and `reintegra summarize --json` (everyone released at month 0: the same figures).
json <- paste(cli("summarize", "run.h5", "--json"), collapse = "\n")
r <- rg_recidivism(run)
year1 <- as.numeric(sub('.*"arrest": \\{"year1": ([0-9.]+).*', "\\1", json))
check(abs(r["year1", "arrest"] - year1) < 5e-5, "rg_recidivism equals summarize")

# The example script checks itself against summarize and draws its figure.
example <- system2("Rscript", c(file.path(src, "analysis", "R", "examples", "survival.R"),
                                "run.h5", "-o", "survival.png", "--reintegra", rg),
                   stdout = TRUE, stderr = TRUE)
check(is.null(attr(example, "status")) && file.size("survival.png") > 20000,
      paste("the example:", paste(example, collapse = "\n")))

# A dataset's own labels attribute wins over the table.
invisible(file.copy("run.h5", "labelled.h5"))
f <- hdf5r::H5File$new("labelled.h5", mode = "r+")
hdf5r::h5attr(f[["agents/sex"]], "labels") <- "0 = man; 1 = woman"
hdf5r::h5attr(f[["agents/offense"]], "labels") <- "0=violent;1=property"
f$close_all()
b <- rg_read_run("labelled.h5")$agents
check(identical(levels(b$sex), c("man", "woman")), "labels attribute wins")
check(sum(is.na(b$offense)) == sum(codes$offense >= 2), "unlabelled codes are NA")
check(identical(rg_parse_labels("-1=not in the trial;0=control"),
                c("-1" = "not in the trial", "0" = "control")), "rg_parse_labels")
check(inherits(try(rg_parse_labels("0 male"), silent = TRUE), "try-error"),
      "a malformed labels attribute is refused")

# Bad files.
writeLines("not HDF5", "bad.h5")
e <- tryCatch(rg_read_run("bad.h5"), error = conditionMessage)
check(is.character(e) && grepl("not a readable HDF5 file", e), "a file that is not HDF5")
f <- hdf5r::H5File$new("v2.h5", mode = "w")
hdf5r::h5attr(f, "format") <- "reintegra"
hdf5r::h5attr(f, "schema_version") <- 2L
f$close_all()
e <- tryCatch(rg_read_run("v2.h5"), error = conditionMessage)
check(is.character(e) && grepl("schema version 2", e), "another schema version")

if (failures) {
    cat(failures, "failure(s)\n")
    quit(status = 1)
}
cat("R library test passed\n")
