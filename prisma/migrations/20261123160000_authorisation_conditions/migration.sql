-- CreateTable
CREATE TABLE "ccg_authorisation_status" (
    "ods_code" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "wave" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "decided_on" DATE NOT NULL,
    "decision_id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "fully_authorised_on" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ccg_authorisation_status_pkey" PRIMARY KEY ("ods_code")
);

-- CreateTable
CREATE TABLE "authorisation_conditions" (
    "id" UUID NOT NULL,
    "ods_code" TEXT NOT NULL,
    "decision_id" UUID NOT NULL,
    "criterion" TEXT NOT NULL,
    "domain" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "gap" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "directions" BOOLEAN NOT NULL,
    "action" TEXT NOT NULL,
    "note" TEXT,
    "due_date" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "opened_on" DATE NOT NULL,
    "closed_on" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "authorisation_conditions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "authorisation_condition_events" (
    "id" UUID NOT NULL,
    "condition_id" UUID NOT NULL,
    "ods_code" TEXT NOT NULL,
    "decision_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "on" DATE NOT NULL,
    "level" INTEGER NOT NULL,
    "due_date" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "authorisation_condition_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "authorisation_reviews_due" (
    "id" UUID NOT NULL,
    "condition_id" UUID NOT NULL,
    "ods_code" TEXT NOT NULL,
    "due_date" DATE NOT NULL,
    "became_due_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "authorisation_reviews_due_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ccg_authorisation_status_period_idx" ON "ccg_authorisation_status"("period");

-- CreateIndex
CREATE INDEX "ccg_authorisation_status_decision_id_idx" ON "ccg_authorisation_status"("decision_id");

-- CreateIndex
CREATE INDEX "authorisation_conditions_ods_code_status_idx" ON "authorisation_conditions"("ods_code", "status");

-- CreateIndex
CREATE INDEX "authorisation_conditions_status_due_date_idx" ON "authorisation_conditions"("status", "due_date");

-- CreateIndex
CREATE INDEX "authorisation_conditions_decision_id_idx" ON "authorisation_conditions"("decision_id");

-- CreateIndex
CREATE INDEX "authorisation_condition_events_condition_id_on_idx" ON "authorisation_condition_events"("condition_id", "on");

-- CreateIndex
CREATE INDEX "authorisation_condition_events_ods_code_idx" ON "authorisation_condition_events"("ods_code");

-- CreateIndex
CREATE INDEX "authorisation_condition_events_on_idx" ON "authorisation_condition_events"("on");

-- CreateIndex
CREATE INDEX "authorisation_reviews_due_resolved_at_idx" ON "authorisation_reviews_due"("resolved_at");

-- CreateIndex
CREATE UNIQUE INDEX "authorisation_reviews_due_condition_id_due_date_key" ON "authorisation_reviews_due"("condition_id", "due_date");
