from django.contrib.auth import views as auth_views
from django.urls import path

from claims.views import (
    articles,
    claim_panel,
    corrections,
    dashboard,
    desk,
    exports,
    history,
    home,
    imports,
    notes,
    questions,
    queue,
    reviews,
    search,
    sources,
    suggestions,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("health/", home.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset by email: our own templates (the admin's would otherwise answer).
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt"
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Articles and the reader
    path("articles/", articles.article_list, name="article_list"),
    path("articles/import/", imports.import_articles, name="import_articles"),
    path("articles/import/batches/<uuid:uid>/", imports.import_batch, name="import_batch"),
    path("articles/import/items/<uuid:uid>/force/", imports.force_item, name="import_item_force"),
    path("articles/import/items/<uuid:uid>/retry/", imports.retry_item, name="import_item_retry"),
    path("articles/<int:pk>/", articles.article_reader, name="article_reader"),
    path("articles/<int:pk>/mark/", articles.mark_claim, name="mark_claim"),
    path("articles/<int:pk>/correct/", corrections.correct_article, name="correct_article"),
    path(
        "articles/<int:pk>/suggestions/",
        suggestions.article_suggestions,
        name="article_suggestions",
    ),
    path(
        "articles/<int:pk>/suggestions/decide/",
        suggestions.decide_suggestion,
        name="decide_suggestion",
    ),
    # A claim: its page, or its panel in the reader
    path("claims/<int:pk>/", claim_panel.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", claim_panel.edit_claim, name="edit_claim"),
    path("claims/<int:pk>/attributions/", claim_panel.add_attribution, name="add_attribution"),
    path("attributions/<int:pk>/", claim_panel.change_attribution, name="change_attribution"),
    path(
        "attributions/<int:pk>/delete/",
        claim_panel.delete_attribution,
        name="delete_attribution",
    ),
    path("attributions/<int:pk>/chain/", claim_panel.add_conduit, name="add_conduit"),
    path("conduits/<int:pk>/delete/", claim_panel.delete_conduit, name="delete_conduit"),
    path("claims/<int:pk>/notes/", notes.add_note, name="add_note"),
    path("claims/<int:pk>/status/", claim_panel.change_status, name="change_status"),
    path("claims/<int:pk>/verdict/", claim_panel.save_verdict, name="save_verdict"),
    path("claims/<int:pk>/publish-update/", claim_panel.publish_update, name="publish_update"),
    path("claims/<int:pk>/unpublish/", claim_panel.unpublish, name="unpublish_claim"),
    path("claims/<int:pk>/links/", claim_panel.add_link, name="add_link"),
    path("links/<int:pk>/delete/", claim_panel.delete_link, name="delete_link"),
    path("claims/<int:pk>/question/", claim_panel.set_question, name="set_question"),
    path("claims/<int:pk>/assign/", claim_panel.assign, name="assign_claim"),
    path("claims/find/", claim_panel.find_claims, name="find_claims"),
    path("claims/<int:pk>/history/", history.claim_history, name="claim_history"),
    path(
        "claims/<int:pk>/history/<int:record_id>/restore/",
        history.restore_version,
        name="restore_version",
    ),
    path("claims/<int:pk>/delete/", history.delete_claim, name="delete_claim"),
    path("claims/deleted/", history.deleted_claims, name="deleted_claims"),
    path("claims/orphaned/", corrections.orphaned_claims, name="orphaned_claims"),
    path("claims/<int:pk>/reanchor/", corrections.reanchor, name="reanchor_claim"),
    path(
        "claims/deleted/<int:record_id>/restore/",
        history.restore_deleted,
        name="restore_deleted_claim",
    ),
    # The desk's dashboard
    path("desk/", dashboard.dashboard, name="dashboard"),
    # The review queue
    path("queue/", queue.review_queue, name="queue"),
    path("queue/export.csv", exports.queue_csv, name="queue_csv"),
    # Sources
    path("sources/", sources.source_list, name="source_list"),
    path("sources/find/", sources.find_sources, name="find_sources"),
    path("sources/<int:pk>/", sources.source_detail, name="source_detail"),
    # Questions
    path("questions/", questions.question_list, name="question_list"),
    path("questions/find/", questions.find_questions, name="find_questions"),
    path("conflicts/", questions.conflict_list, name="conflict_list"),
    path("conflicts/<int:pk>/decide/", questions.decide_conflict, name="decide_conflict"),
    path("questions/<int:pk>/", questions.question_detail, name="question_detail"),
    path("questions/<int:pk>/export.csv", exports.question_csv, name="question_csv"),
    # Search
    path("search/", search.search_page, name="search"),
    # Published fact checks: public
    path("reviews/feed.jsonld", reviews.review_feed, name="review_feed"),
    path("reviews/<uuid:uid>/", reviews.review_page, name="review_page"),
    path("reviews/<uuid:uid>.jsonld", reviews.review_jsonld, name="review_jsonld"),
    # Notes as threads, and whom "@" offers in a note
    path("notes/<int:pk>/reply/", notes.reply_note, name="reply_note"),
    path("notes/<int:pk>/edit/", notes.edit_note, name="edit_note"),
    path("notes/<int:pk>/delete/", notes.delete_note, name="delete_note"),
    path("people/mentions/", notes.mention_people, name="mention_people"),
    # The desk: assigning from the queue, following, notifications
    path("queue/assign/", desk.assign_claims, name="assign_claims"),
    path("claims/<int:pk>/follow/", desk.follow_claim, name="follow_claim"),
    path("questions/<int:pk>/follow/", desk.follow_question, name="follow_question"),
    path("notifications/", desk.notification_list, name="notification_list"),
    path("notifications/badge/", desk.header_counts, name="notification_badge"),
    path("notifications/read/", desk.mark_all_read, name="mark_all_read"),
    path("notifications/<int:pk>/", desk.open_notification, name="open_notification"),
    path(
        "notifications/<int:pk>/read/", desk.mark_notification_read, name="mark_notification_read"
    ),
]
