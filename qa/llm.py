"""The LLM composer: any OpenAI-compatible server (vLLM, Ollama, DeepSeek, Qwen) behind configuration.

The model only words the answer. It gets the exact cells (with their derivations) and the retrieved
passages, is told to use no other figure and to cite; its draft then goes through the numeric checker
like any other (qa.service decides what to do with a contradicted draft).
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI

from ingest.config import Settings
from ingest.errors import NianbaoError
from qa.records import Passage
from qa.resolve import Fact
from qa.wording import fmt_number

SYSTEM = (
    "你是政府信息公开工作年度报告问答助手，回答公众的中文提问。规则：\n"
    "1. 只能使用下面给出的「表格数据」和「原文段落」，不得使用任何其他数字或记忆中的知识；\n"
    "2. 数字必须与表格数据完全一致，写明单位（件、万元、%），数字紧跟在它所指的事项之后；\n"
    "3. 表格中为空白的项，回答“报告未填写该项”，不得写成0；\n"
    "4. 用一到两句话作答，并注明依据（如“表三”或段落编号[1]）；\n"
    "5. 资料不足以回答时，直接说明报告中没有相关内容。"
)
HUMAN = "问题：{question}\n\n表格数据：\n{facts}\n\n原文段落：\n{passages}\n{feedback}"


class LLMError(NianbaoError):
    """The LLM endpoint failed (unreachable, timeout, bad reply)."""


def facts_block(facts: Sequence[Fact]) -> str:
    lines = []
    for fact in facts:
        d = fact.derivation
        report = fact.reports[0]
        value = fmt_number(d.value, d.unit) if d.value is not None else "空白（报告未填写）"
        how = "" if len(d.cells) == 1 else f"；计算：{d.formula}"
        lines.append(f"- {report.meta.agency}{report.meta.year}年 {fact.label}：{value}{how}")
    return "\n".join(lines) or "（无）"


def passages_block(passages: Sequence[Passage]) -> str:
    return (
        "\n".join(
            f"[{i}] {p.report.agency}{p.report.year}年 {p.heading}：{p.text}"
            for i, p in enumerate(passages, start=1)
        )
        or "（无）"
    )


class LLMComposer:
    """A LangChain runnable (prompt | ChatOpenAI | text) that drafts an answer from evidence."""

    def __init__(self, settings: Settings) -> None:
        if not settings.llm_enabled:
            raise LLMError("LLM 未配置（NIANBAO_LLM_BASE_URL / NIANBAO_LLM_MODEL）")
        model = ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model or "",
            api_key=settings.llm_api_key or "not-needed",  # type: ignore[arg-type]
            temperature=0,
            timeout=settings.llm_timeout_s,
            max_retries=0,
            # `max_tokens` in the body: llama.cpp, vLLM and Ollama read it (not max_completion_tokens)
            extra_body={"max_tokens": settings.llm_max_tokens},
        )
        prompt = ChatPromptTemplate.from_messages([("system", SYSTEM), ("human", HUMAN)])
        self.chain = prompt | model | StrOutputParser()
        self.name = settings.llm_model

    def draft(
        self, question: str, facts: Sequence[Fact], passages: Sequence[Passage], feedback: str = ""
    ) -> str:
        try:
            text = self.chain.invoke(
                {
                    "question": question,
                    "facts": facts_block(facts),
                    "passages": passages_block(passages),
                    "feedback": f"\n上一稿的问题：{feedback}\n请改正后重写。" if feedback else "",
                }
            )
        except Exception as exc:  # network, HTTP and parsing errors of the client
            raise LLMError(f"LLM 调用失败：{exc}") from exc
        text = text.strip()
        if not text:
            raise LLMError("LLM 返回了空答案")
        return text
