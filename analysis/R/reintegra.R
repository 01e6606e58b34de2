# reintegra run files (HDF5 schema version 1) in R, with hdf5r (Debian:
# r-cran-hdf5r). Documented in docs/guides/r.md.
#
#   source("analysis/R/reintegra.R")
#   run <- rg_read_run("baseline-r1.h5")
#   run$summary; run$agents; run$trajectories; run$events; run$metadata
#   fit <- rg_survfit(run, "arrest")                 # survival::survfit, months
#   rg_recidivism(run)                                # percent by year, as summarize
#
# What differs from Python (h5py):
# - 2-D datasets ([months, agents] in the file) arrive transposed, as R matrices of
#   [agents, months]; rg_read_run turns them into a long data frame (month, agent).
# - int64 values may arrive as bit64::integer64 and uint8 (with rhdf5) as raw:
#   every column becomes an R integer or double.
# - Coded columns become factors with labelled levels, from the dataset's "labels"
#   attribute ("0=male;1=female") or else from the labels table that the Python
#   package keeps, analysis/python/reintegra/labels.csv.

rg_schema_version <- 1L

# The folder of this file, when it is source()d; the labels table is found from it.
rg_r_dir <- local({
    ofile <- tryCatch(sys.frame(1)$ofile, error = function(e) NULL)
    if (is.null(ofile)) getwd() else dirname(normalizePath(ofile))
})

# Where the labels table is: option reintegra.labels_file, else next to this file
# in the source tree.
rg_labels_file <- function() {
    getOption("reintegra.labels_file",
              file.path(rg_r_dir, "..", "python", "reintegra", "labels.csv"))
}

# The labels table: a data frame (dataset, code, label); "*_state" stands for every
# programme's state dataset.
rg_labels_table <- function(file = rg_labels_file()) {
    if (!file.exists(file))
        stop("reintegra: the labels table ", file, " is missing ",
             "(set options(reintegra.labels_file = ...))")
    utils::read.csv(file, comment.char = "#", stringsAsFactors = FALSE,
                    strip.white = TRUE)
}

# Parse a "labels" attribute, "0=male;1=female": a character vector of labels named
# by their codes.
rg_parse_labels <- function(text) {
    entries <- trimws(strsplit(text, ";", fixed = TRUE)[[1]])
    entries <- entries[nzchar(entries)]
    parts <- strsplit(entries, "=", fixed = TRUE)
    ok <- vapply(parts, function(p) length(p) == 2 && nzchar(trimws(p[2])) &&
                     grepl("^-?[0-9]+$", trimws(p[1])), logical(1))
    if (!length(entries) || !all(ok))
        stop("reintegra: labels attribute '", text, "': expected CODE=LABEL;...")
    labels <- vapply(parts, function(p) trimws(p[2]), character(1))
    names(labels) <- vapply(parts, function(p) trimws(p[1]), character(1))
    labels
}

# The labels of dataset `name`: from its attribute, else from the table; NULL when
# it is not coded.
rg_labels_for <- function(name, attribute = NULL, table = rg_labels_table()) {
    if (!is.null(attribute) && nzchar(attribute)) return(rg_parse_labels(attribute))
    key <- if (name %in% table$dataset) name else
        if (grepl("_state$", name)) "*_state" else return(NULL)
    rows <- table[table$dataset == key, ]
    stats::setNames(rows$label, as.character(rows$code))
}

# Codes as a factor whose levels are the labels in code order (unlabelled codes: NA).
rg_factor <- function(codes, labels) {
    order <- order(as.integer(names(labels)))
    factor(as.character(codes), levels = names(labels)[order], labels = unname(labels[order]))
}

# Any value hdf5r or rhdf5 hands back (integer64, raw, integer, double) as an R number.
rg_number <- function(x) {
    if (is.raw(x)) return(as.integer(x))
    if (inherits(x, "integer64")) return(as.numeric(x))
    x
}

rg_attr <- function(obj, name) {
    if (!name %in% hdf5r::h5attr_names(obj)) return(NULL)
    rg_number(hdf5r::h5attr(obj, name))
}

# One dataset's values, a factor when it is coded and labels are wanted.
rg_column <- function(ds, name, values, labelled, table) {
    values <- rg_number(values)
    if (!labelled || !identical(rg_attr(ds, "units"), "code")) return(values)
    labels <- rg_labels_for(name, rg_attr(ds, "labels"), table)
    if (is.null(labels)) values else rg_factor(values, labels)
}

# The 1-D datasets of a group as a data frame.
rg_read_group <- function(file, group, labelled, table) {
    if (!file$exists(group)) return(data.frame())
    g <- file[[group]]
    cols <- list()
    for (name in g$ls()$name) {
        ds <- g[[name]]
        if (length(ds$dims) == 1)
            cols[[name]] <- rg_column(ds, name, ds$read(), labelled, table)
        ds$close()
    }
    as.data.frame(cols, stringsAsFactors = FALSE, optional = TRUE)
}

# Sampled monthly states in long form: one row per (month, agent). The file's
# [months, S] datasets arrive as [S, months] matrices; as.vector then runs over
# agents within a month, month after month.
rg_read_trajectories <- function(file, labelled, table) {
    if (!file$exists("trajectories/agent")) return(data.frame())
    g <- file[["trajectories"]]
    ids <- rg_number(g[["agent"]]$read())
    out <- NULL
    for (name in setdiff(g$ls()$name, "agent")) {
        ds <- g[[name]]
        if (length(ds$dims) == 2) {
            m <- ds$read()
            stopifnot(nrow(m) == length(ids))
            if (is.null(out))
                out <- data.frame(month = rep(seq_len(ncol(m)) - 1L, each = length(ids)),
                                  agent = rep(ids, times = ncol(m)))
            out[[name]] <- rg_column(ds, name, as.vector(m), labelled, table)
        }
        ds$close()
    }
    if (is.null(out)) data.frame() else out
}

rg_check <- function(path, file) {
    if (grepl("\\.partial$", path)) stop("reintegra: ", path, ": an unfinished run (.partial)")
    if (!identical(rg_attr(file, "format"), "reintegra"))
        stop("reintegra: ", path, ": not a reintegra output file")
    version <- rg_attr(file, "schema_version")
    if (!identical(as.integer(version), rg_schema_version))
        stop("reintegra: ", path, ": schema version ", version, "; this library reads version ",
             rg_schema_version)
    if (!identical(as.numeric(rg_attr(file, "months_completed")),
                   as.numeric(rg_attr(file, "months"))))
        stop("reintegra: ", path, ": incomplete run file")
}

# Read a run file: a list of class rg_run with metadata (root attributes), config
# (the resolved configuration), summary (one row per month), agents (one row per
# person, agent ids from 0), trajectories (long form), events (with type_name).
# labelled = FALSE keeps coded columns as integer codes.
rg_read_run <- function(path, labelled = TRUE, labels_table = rg_labels_table()) {
    file <- tryCatch(hdf5r::H5File$new(path, mode = "r"), error = function(e)
        stop("reintegra: ", path, ": not a readable HDF5 file (", conditionMessage(e), ")",
             call. = FALSE))
    on.exit(file$close_all())
    rg_check(path, file)
    meta <- lapply(stats::setNames(nm = hdf5r::h5attr_names(file)), function(a) rg_attr(file, a))
    agents <- rg_read_group(file, "agents", labelled, labels_table)
    if (nrow(agents)) agents <- cbind(agent = seq_len(nrow(agents)) - 1L, agents)
    events <- rg_read_group(file, "events", FALSE, labels_table)
    if (nrow(events)) {
        codes <- rg_attr(file[["events"]], "codes")
        found <- regmatches(codes, gregexpr("[0-9]+\\s+[A-Z_]+:", codes))[[1]]
        code <- as.integer(sub("^([0-9]+).*", "\\1", found))
        name <- sub("^[0-9]+\\s+([A-Z_]+):$", "\\1", found)
        events$type_name <- name[match(events$type, code)]
    }
    structure(list(path = path, metadata = meta,
                   config = if (file$exists("config")) file[["config"]]$read() else "",
                   scenario = meta$scenario, seed = as.numeric(meta$seed),
                   months = as.integer(meta$months), agents_count = as.integer(meta$agents),
                   summary = rg_read_group(file, "summary", FALSE, labels_table),
                   agents = agents, trajectories = rg_read_trajectories(file, labelled,
                                                                      labels_table),
                   events = events),
              class = "rg_run")
}

print.rg_run <- function(x, ...) {
    cat(sprintf("reintegra run %s: scenario \"%s\", %d agents, %d months, seed %.0f\n",
                x$path, x$scenario, x$agents_count, x$months, x$seed))
    invisible(x)
}

rg_first_column <- c(arrest = "first_arrest", conviction = "first_conviction",
                     return_to_prison = "first_return")

# Time to a first event for survival::Surv, as the C analysis counts it: months
# from first release to the end of the month of the first arrest, conviction or
# return to prison (first + 1), or censored at the horizon; people never released
# are left out. Columns: agent, time, event and the people's attributes.
rg_survival_data <- function(run, measure = c("arrest", "conviction", "return_to_prison")) {
    measure <- match.arg(measure)
    a <- run$agents
    follow <- run$months - a$release_month
    first <- a[[rg_first_column[[measure]]]]
    released <- a$release_month >= 0 & follow > 0
    event <- released & first >= 0 & first < follow
    out <- data.frame(agent = a$agent, time = ifelse(event, first + 1, follow),
                      event = as.integer(event))
    keep <- intersect(c("sex", "race", "offense", "age_at_release", "prior_group"), names(a))
    cbind(out, a[keep])[released, ]
}

# Kaplan-Meier curves with survival::survfit; `by` names columns of the agents
# (e.g. "sex") to draw one curve per group.
rg_survfit <- function(run, measure = c("arrest", "conviction", "return_to_prison"),
                       by = NULL) {
    d <- rg_survival_data(run, match.arg(measure))
    rhs <- if (is.null(by)) "1" else paste(by, collapse = " + ")
    survival::survfit(stats::as.formula(paste("survival::Surv(time, event) ~", rhs)), data = d)
}

# Percent of people with a first arrest, conviction and return to prison within each
# whole year of the horizon: 100 (1 - S(12 y)) from survfit. With everyone released
# at month 0 (as in the shipped scenarios) these are `reintegra summarize`'s figures.
rg_recidivism <- function(run) {
    years <- seq_len(run$months %/% 12)
    out <- sapply(names(rg_first_column), function(m) {
        s <- summary(rg_survfit(run, m), times = 12 * years, extend = TRUE)$surv
        100 * (1 - s)
    })
    out <- matrix(out, nrow = length(years), dimnames = list(paste0("year", years),
                                                            names(rg_first_column)))
    out
}
